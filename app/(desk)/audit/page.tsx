import type { Metadata } from 'next';
import { AuditPage, pageParam } from '@/components/audit/audit-page';
import { Forbidden } from '@/components/forbidden';
import { memberWith } from '@/lib/auth/require';

export const metadata: Metadata = { title: 'Audit log' };

export default async function GlobalAudit({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  if (!(await memberWith('audit.read'))) return <Forbidden what="the audit log" />;
  return <AuditPage title="Audit log" page={pageParam((await searchParams).page)} basePath="/audit" />;
}

import type { Metadata } from 'next';
import { AuditPage } from '@/components/audit/audit-page';
import { auditSearchParams } from '@/components/audit/search-params';
import { memberWith } from '@/lib/infra/auth/require';
import { parseSearch } from '@/lib/infra/table/search-params';

export const metadata: Metadata = { title: 'Audit log' };

export default async function GlobalAudit({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await memberWith('audit.read', 'the audit log');
  const { search, ignored } = parseSearch(auditSearchParams, await searchParams);
  return <AuditPage title="Audit log" search={search} ignored={ignored} />;
}

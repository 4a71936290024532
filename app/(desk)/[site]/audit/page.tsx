import type { Metadata } from 'next';
import { AuditPage } from '@/components/audit/audit-page';
import { auditSearchParams } from '@/components/audit/search-params';
import { memberWith } from '@/lib/infra/auth/require';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { parseSearch } from '@/lib/infra/table/search-params';

export const metadata: Metadata = { title: 'Site audit log' };

export default async function SiteAudit({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await memberWith('audit.read', 'the site audit log');
  const site = await siteFromParams((await params).site);
  const { search, ignored } = parseSearch(auditSearchParams, await searchParams);
  return <AuditPage title={`Audit log · ${site.name}`} siteId={site.id} search={search} ignored={ignored} />;
}

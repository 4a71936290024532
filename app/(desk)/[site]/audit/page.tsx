import type { Metadata } from 'next';
import { AuditPage, pageParam } from '@/components/audit/audit-page';
import { Forbidden } from '@/components/forbidden';
import { memberWith } from '@/lib/auth/require';
import { siteFromParams } from '@/lib/sites/current-site';

export const metadata: Metadata = { title: 'Site audit log' };

export default async function SiteAudit({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  if (!(await memberWith('audit.read'))) return <Forbidden what="the audit log" />;
  const site = await siteFromParams((await params).site);
  return (
    <AuditPage
      title={`Audit log · ${site.name}`}
      siteId={site.id}
      page={pageParam((await searchParams).page)}
      basePath={`/${site.slug}/audit`}
    />
  );
}

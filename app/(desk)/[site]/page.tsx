import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/audit/audit-table';
import { SyncStatusCard } from '@/components/sync-status-card';
import { getSyncProgress } from '@/lib/site-index/progress';
import { Card } from '@/components/ui/field';
import { listAuditEntries } from '@/lib/actions/audit';
import { can } from '@/lib/auth/permissions';
import { requireMember } from '@/lib/auth/require';
import { siteFromParams } from '@/lib/sites/current-site';
import { ModuleList } from '../sites/module-list';
import { SiteStatus } from '../sites/site-status';

export const metadata: Metadata = { title: 'Overview' };

export default async function SiteOverview({ params }: { params: Promise<{ site: string }> }) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const [recent, progress] = await Promise.all([
    listAuditEntries({ siteId: site.id, perPage: 10 }),
    getSyncProgress(site.id),
  ]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{site.name}</h1>
        <p className="text-xs text-muted">{site.url}</p>
      </div>
      <Card className="p-4">
        <h2 className="text-sm font-semibold">Connection</h2>
        <SiteStatus site={site} />
        {site.modules ? <ModuleList modules={site.modules} /> : null}
        {can(member.role, 'sites.manage') ? (
          <Link href="/sites" className="mt-3 inline-block text-xs text-accent underline">
            Manage sites
          </Link>
        ) : null}
      </Card>
      <SyncStatusCard progress={progress} />
      <Card className="p-4">
        <h2 className="mb-2 text-sm font-semibold">Latest actions on this site</h2>
        <AuditTable rows={recent.rows} empty="Nothing has been done on this site through BM Desk yet." />
      </Card>
    </div>
  );
}

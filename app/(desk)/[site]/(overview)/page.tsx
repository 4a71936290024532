import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { AuditTable } from '@/components/audit/audit-table';
import { BarChart } from '@/components/overview/bar-chart';
import { QueueHealthSection, QueueHealthSkeleton } from '@/components/overview/queue-health';
import { SyncStatusCard } from '@/components/sync-status-card';
import { Card } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { getAuditPage } from '@/lib/services/audit/queries';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import {
  getBusiestThreads,
  getMessagesPerDay,
  getMostReportedUsers,
  getOverviewCounts,
  getReportsPerDay,
} from '@/lib/services/overview/queries';
import { getQueueHistory } from '@/lib/services/queues/snapshots';
import { getSyncProgress } from '@/lib/services/site-index/progress';
import { hashingStatus } from '@/lib/services/care/hashing';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { getSiteHealth } from '@/lib/services/sites/site-health';
import { ModuleList } from '@/components/sites/module-list';
import { SiteStatus } from '@/components/sites/site-status';
import { plural } from '@/lib/infra/format/plural';

export const metadata: Metadata = { title: 'Overview' };

function Stat({ label, value, href, tone }: { label: string; value: number; href: string; tone?: string }) {
  return (
    <Link
      href={href}
      className="block rounded-lg border border-border bg-surface p-3 hover:bg-surface-2"
      data-testid={`stat-${label}`}
    >
      <span className="block text-xs text-muted">{label}</span>
      <span className={`text-2xl font-semibold tabular-nums ${value > 0 ? (tone ?? '') : ''}`}>
        {value.toLocaleString('en')}
      </span>
    </Link>
  );
}

export default async function SiteOverview({ params }: { params: Promise<{ site: string }> }) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const base = `/${site.slug}`;
  const [counts, messagesPerDay, reportsPerDay, busiest, reported, recent, progress, queues, health] =
    await Promise.all([
      getOverviewCounts(site.id),
      getMessagesPerDay(site.id),
      getReportsPerDay(site.id),
      getBusiestThreads(site.id),
      getMostReportedUsers(site.id),
      getAuditPage({ siteId: site.id }, { perPage: 10 }),
      getSyncProgress(site.id),
      getQueueHistory(site.id),
      getSiteHealth(site.id),
    ]);
  const hashing = await hashingStatus(site.id);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{site.name}</h1>
        <p className="text-xs text-muted">{site.url}</p>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Open reports" value={counts.openReports} href={`${base}/reports`} tone="text-danger" />
        <Stat label="Pending messages" value={counts.pending} href={`${base}/pending`} tone="text-warn" />
        <Stat label="Active bans" value={counts.activeBans} href={`${base}/threads?bans=1`} />
        <Stat label="Threads with bans" value={counts.threadsWithBans} href={`${base}/threads?bans=1`} />
      </div>
      <Card className="grid gap-6 p-4 md:grid-cols-2">
        <BarChart
          title="Messages per day"
          data={messagesPerDay}
          tone="accent"
          href={(d) => `${base}/threads?from=${d}&to=${d}`}
        />
        <BarChart
          title="Reports per day"
          data={reportsPerDay}
          tone="danger"
          href={(d) => `${base}/threads?reports=1&from=${d}&to=${d}`}
        />
      </Card>
      <Card className="grid gap-6 p-4 md:grid-cols-2" data-testid="queue-history">
        {queues.length === 0 ? (
          <p className="text-sm text-muted md:col-span-2">
            The queues over time appear after the first sync: BM Desk records how many reports are open and
            messages wait at every sync, since the plugin keeps no history.
          </p>
        ) : (
          <>
            <BarChart
              title="Open reports (daily peak)"
              level
              data={queues.map((d) => ({ day: d.day, count: d.openReports }))}
              tone="danger"
              href={() => `${base}/reports`}
            />
            <BarChart
              title="Pending messages (daily peak)"
              level
              data={queues.map((d) => ({ day: d.day, count: d.pending }))}
              tone="warn"
              href={() => `${base}/pending`}
            />
          </>
        )}
      </Card>
      {/* Streamed: over a long audit log it is the slowest part of the page. */}
      <Suspense fallback={<QueueHealthSkeleton />}>
        <QueueHealthSection siteId={site.id} base={base} />
      </Suspense>
      <div className="grid gap-4 md:grid-cols-2">
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">Busiest threads (30 days)</h2>
          {busiest.length === 0 ? (
            <p className="text-sm text-muted">No message in the last 30 days.</p>
          ) : (
            <ol className="space-y-1 text-sm" data-testid="busiest-threads">
              {busiest.map((th) => (
                <li key={th.id} className="flex justify-between gap-3">
                  <Link href={`${base}/threads/${th.id}`} className="truncate hover:underline">
                    <UntrustedText text={th.subject || `Thread #${th.id}`} />
                  </Link>
                  <span className="shrink-0 text-muted tabular-nums">{plural(th.messages, 'message')}</span>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">Most reported users</h2>
          {reported.length === 0 ? (
            <p className="text-sm text-muted">Nobody has been reported.</p>
          ) : (
            <ol className="space-y-1 text-sm" data-testid="most-reported">
              {reported.map((u) => (
                <li key={u.id} className="flex justify-between gap-3">
                  <Link
                    href={`${base}/threads?participant=${u.id}&reports=1`}
                    className="truncate hover:underline"
                  >
                    <UntrustedText text={u.name} />
                  </Link>
                  <span className="shrink-0 text-muted tabular-nums">{u.reported} reported</span>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Card className="p-4">
          <h2 className="text-sm font-semibold">Connection</h2>
          <SiteStatus health={health} wpUserName={site.wpUserName} />
          {site.modules ? <ModuleList modules={site.modules} /> : null}
          {can(member.role, 'sites.manage') ? (
            <Link href="/sites" className="mt-3 inline-block text-xs text-accent underline">
              Manage sites
            </Link>
          ) : null}
        </Card>
        <SyncStatusCard progress={progress} hashing={hashing} />
      </div>
      <Card className="p-4">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 className="text-sm font-semibold">Latest actions on this site</h2>
          <Link href={`${base}/audit`} className="text-xs text-accent underline">
            Full audit log
          </Link>
        </div>
        <AuditTable rows={recent.rows} empty="Nothing has been done on this site through BM Desk yet." />
      </Card>
    </div>
  );
}

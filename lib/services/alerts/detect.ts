/**
 * What the team should be told, read from BM Desk's own index (never from the site): items
 * waiting too long in reports or pending, a spike of reports against the site's usual rate (the
 * queue snapshots), a sync that has been failing. Each condition raises one alert (its key), so a
 * check that runs every minute tells the team once while the condition holds. Rule alerts are
 * raised by the rules themselves (raiseAlert).
 */
import 'server-only';
import { and, asc, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { queueWhere } from '@/lib/services/queues/queries';
import { queueCountSnapshots as snaps } from '@/lib/services/queues/schema';
import { hourOf } from '@/lib/services/queues/snapshots';
import { indexMessages as m, syncState } from '@/lib/services/site-index/schema';
import { raiseAlert } from './raise';
import { alerts } from './schema';
import { getSiteAlertSettings, type Thresholds } from './settings';

type Site = { id: number; slug: string; name: string };
export type Detected = { kind: string; key: string; created: boolean };

const MAX_IDS = 200;

function minutesText(n: number): string {
  if (n < 120) return `${Math.round(n)} minute${Math.round(n) === 1 ? '' : 's'}`;
  if (n < 48 * 60) return `${Math.round(n / 60)} hours`;
  return `${Math.round(n / 1440)} days`;
}

/** Items of one queue waiting longer than the threshold: one alert per backlog episode. */
async function detectWaiting(site: Site, t: Thresholds, kind: 'report' | 'pending', now: Date) {
  if (t.waitingMinutes <= 0) return null;
  const db = await getDb();
  const where = queueWhere({ siteId: site.id, kind, minAgeHours: t.waitingMinutes / 60 });
  const rows = await db
    .select({ id: m.id, createdAt: m.createdAt })
    .from(m)
    .where(where)
    .orderBy(asc(m.createdAt), asc(m.id))
    .limit(MAX_IDS);
  if (rows.length === 0) return null;
  const ids = rows.map((r) => r.id);
  const prefix = kind === 'report' ? 'reports:' : 'pending:';
  // The backlog told of last time still waits (some of its items): the team knows already.
  const [last] = await db
    .select({ payload: alerts.payload })
    .from(alerts)
    .where(and(eq(alerts.siteId, site.id), eq(alerts.kind, 'waiting'), like(alerts.key, `${prefix}%`)))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(1);
  const told = new Set(((last?.payload as { messageIds?: number[] })?.messageIds ?? []).map(Number));
  if (ids.some((id) => told.has(id))) return null;
  const [{ n } = { n: rows.length }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(m)
    .where(where);
  const oldestMinutes = (now.getTime() - rows[0]!.createdAt.getTime()) / 60_000;
  const what = kind === 'report' ? (n === 1 ? 'reported message' : 'reported messages') : 'pending';
  const title =
    kind === 'report'
      ? `${n} ${what} waiting over ${minutesText(t.waitingMinutes)} on ${site.name}`
      : `${n} message${n === 1 ? '' : 's'} pending over ${minutesText(t.waitingMinutes)} on ${site.name}`;
  const r = await raiseAlert({
    siteId: site.id,
    kind: 'waiting',
    key: `${prefix}${ids[0]}`,
    title,
    body: `The oldest has waited about ${minutesText(Math.max(oldestMinutes, t.waitingMinutes))}.`,
    link: `/${site.slug}/${kind === 'report' ? 'reports' : 'pending'}?item=${ids[0]}`,
    payload: { queue: kind, count: n, messageIds: ids, thresholdMinutes: t.waitingMinutes },
  });
  return { kind: 'waiting', key: `${prefix}${ids[0]}`, created: r.created };
}

/**
 * Reports made in the last hour (their own times, from the index) against the usual hourly rate:
 * the average rise of open reports from hour to hour over the last week of queue snapshots.
 */
export async function reportRates(siteId: number, now: Date): Promise<{ lastHour: number; usual: number }> {
  const db = await getDb();
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`${m}, jsonb_array_elements(${m.reports}) r`)
    .where(
      and(
        eq(m.siteId, siteId),
        sql`${m.reportCount} > 0`,
        sql`(r->>'time') IS NOT NULL`,
        sql`(r->>'time')::timestamptz >= ${hourAgo.toISOString()}::timestamptz`,
        sql`(r->>'time')::timestamptz <= ${now.toISOString()}::timestamptz`,
      ),
    );
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const steps = db
    .select({
      hour: snaps.hour,
      rise: sql<number>`greatest(${snaps.openReports} - lag(${snaps.openReports}) OVER (ORDER BY ${snaps.hour}), 0)`.as(
        'rise',
      ),
    })
    .from(snaps)
    .where(and(eq(snaps.siteId, siteId), gte(snaps.hour, weekAgo), lt(snaps.hour, hourOf(now))))
    .as('steps');
  const [usual] = await db
    .select({
      rise: sql<number>`coalesce(sum(${steps.rise}), 0)::float`,
      hours: sql<number>`coalesce(extract(epoch FROM max(${steps.hour}) - min(${steps.hour})) / 3600, 0)::float`,
    })
    .from(steps);
  const hours = usual?.hours ?? 0;
  return { lastHour: recent?.n ?? 0, usual: hours >= 1 ? (usual?.rise ?? 0) / hours : 0 };
}

async function detectSpike(site: Site, t: Thresholds, now: Date) {
  if (t.spikeMinReports <= 0) return null;
  const { lastHour, usual } = await reportRates(site.id, now);
  if (lastHour < t.spikeMinReports || lastHour <= t.spikeFactor * usual) return null;
  const db = await getDb();
  // One spike, one alert: a spike told of within the last hour is the same spike.
  const [recent] = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(
      and(
        eq(alerts.siteId, site.id),
        eq(alerts.kind, 'spike'),
        gte(alerts.createdAt, new Date(now.getTime() - 3_600_000)),
      ),
    )
    .limit(1);
  if (recent) return null;
  const key = `spike:${hourOf(now).toISOString()}`;
  const r = await raiseAlert({
    siteId: site.id,
    kind: 'spike',
    key,
    title: `${lastHour} reports in the last hour on ${site.name}`,
    body:
      usual > 0
        ? `About ${usual < 1 ? usual.toFixed(1) : Math.round(usual)} an hour is usual (alert above ${t.spikeFactor}× that and at least ${t.spikeMinReports}).`
        : `No usual rate yet; the alert fires at ${t.spikeMinReports} reports an hour.`,
    link: `/${site.slug}/reports`,
    payload: { lastHour, usualPerHour: usual, factor: t.spikeFactor, minReports: t.spikeMinReports },
  });
  return { kind: 'spike', key, created: r.created };
}

/** The sync failing (backing off or stopped on an error) since its last good pass, for too long. */
async function detectSyncFailed(site: Site & { createdAt: Date }, t: Thresholds, now: Date) {
  if (t.syncFailedMinutes <= 0) return null;
  const db = await getDb();
  const [s] = await db.select().from(syncState).where(eq(syncState.siteId, site.id));
  if (!s || s.failures <= 0 || (s.status !== 'backing-off' && s.status !== 'error')) return null;
  const since = s.lastIncrementalAt ?? s.backfillStartedAt ?? site.createdAt;
  const minutes = (now.getTime() - since.getTime()) / 60_000;
  if (minutes < t.syncFailedMinutes) return null;
  // One failure streak, one alert: the streak is named by its last good pass.
  const key = `sync-failed:${since.toISOString()}`;
  const r = await raiseAlert({
    siteId: site.id,
    kind: 'sync-failed',
    key,
    title: `${site.name}: the sync has failed for ${minutesText(minutes)}`,
    body: `${s.failures} failed attempt${s.failures === 1 ? '' : 's'} in a row. Last error: ${s.lastError ?? 'unknown'}`,
    link: `/${site.slug}`,
    payload: { failures: s.failures, lastErrorKind: s.lastErrorKind, since, status: s.status },
  });
  return { kind: 'sync-failed', key, created: r.created };
}

/** Every check for one site; a failing check is logged and the others still run. */
export async function detectSite(siteId: number, now = new Date()): Promise<Detected[]> {
  const db = await getDb();
  const [site] = await db
    .select({ id: sites.id, slug: sites.slug, name: sites.name, createdAt: sites.createdAt })
    .from(sites)
    .where(eq(sites.id, siteId));
  if (!site) return [];
  const t = await getSiteAlertSettings(siteId);
  const checks = [
    () => detectWaiting(site, t, 'report', now),
    () => detectWaiting(site, t, 'pending', now),
    () => detectSpike(site, t, now),
    () => detectSyncFailed(site, t, now),
  ];
  const found: Detected[] = [];
  for (const check of checks) {
    try {
      const d = await check();
      if (d?.created) found.push(d);
    } catch (e) {
      console.error(`[alerts] site ${siteId}: a check failed: ${(e as Error).message}`);
    }
  }
  return found;
}

/** Every connected site. */
export async function detectAll(now = new Date()): Promise<Detected[]> {
  const db = await getDb();
  const list = await db.select({ id: sites.id }).from(sites).orderBy(asc(sites.id));
  const found: Detected[] = [];
  for (const s of list) found.push(...(await detectSite(s.id, now)));
  return found;
}

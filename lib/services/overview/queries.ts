/** The site overview's numbers, all from the site index (no call to the site). */
import 'server-only';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { getQueueCounts } from '@/lib/services/queues/queries';
import { indexMessages as m, indexThreads as t, indexUsers as u } from '@/lib/services/site-index/schema';

export const OVERVIEW_DAYS = 30;

export type DayCount = { day: string; count: number };

export async function getOverviewCounts(siteId: number) {
  const db = await getDb();
  const [queues, [bans]] = await Promise.all([
    getQueueCounts(siteId, { db }),
    db
      .select({
        active: sql<number>`coalesce(sum((SELECT count(*) FROM jsonb_array_elements(${t.bans}) b WHERE (b->>'until')::timestamptz > now())), 0)::int`,
        threads: sql<number>`count(*)::int`,
      })
      .from(t)
      .where(and(eq(t.siteId, siteId), gt(t.banCount, 0))),
  ]);
  return {
    openReports: queues.reports,
    pending: queues.pending,
    activeBans: bans?.active ?? 0,
    threadsWithBans: bans?.threads ?? 0,
  };
}

// UTC days, oldest first, zero-filled: a quiet day is a 0 bar, not a missing one.
const days = sql`generate_series(((now() at time zone 'UTC')::date - ${sql.raw(String(OVERVIEW_DAYS - 1))})::timestamp, (now() at time zone 'UTC')::date::timestamp, interval '1 day')`;

// PGlite and node-postgres both answer raw SQL as { rows }.
function dayRows(result: unknown): DayCount[] {
  return (result as { rows: { day: string; count: number | string }[] }).rows.map((r) => ({
    day: r.day,
    count: Number(r.count),
  }));
}

export async function getMessagesPerDay(siteId: number): Promise<DayCount[]> {
  const db = await getDb();
  const rows = await db.execute(sql`
    SELECT to_char(d, 'YYYY-MM-DD') AS day, count(${m.id})::int AS count
    FROM ${days} AS d
    LEFT JOIN ${m} ON ${m.siteId} = ${siteId}
      AND ${m.createdAt} >= d AT TIME ZONE 'UTC' AND ${m.createdAt} < (d + interval '1 day') AT TIME ZONE 'UTC'
    GROUP BY d ORDER BY d`);
  return dayRows(rows);
}

/** Each report on the day it was made (the message's day when the site gave no time). */
export async function getReportsPerDay(siteId: number): Promise<DayCount[]> {
  const db = await getDb();
  const rows = await db.execute(sql`
    WITH r AS (
      SELECT coalesce((e->>'time')::timestamptz, ${m.createdAt}) AS at
      FROM ${m}, jsonb_array_elements(${m.reports}) e
      WHERE ${m.siteId} = ${siteId} AND ${m.reportCount} > 0
        AND ${m.createdAt} >= now() - interval '${sql.raw(String(OVERVIEW_DAYS + 30))} days'
    )
    SELECT to_char(d, 'YYYY-MM-DD') AS day, count(r.at)::int AS count
    FROM ${days} AS d
    LEFT JOIN r ON r.at >= d AT TIME ZONE 'UTC' AND r.at < (d + interval '1 day') AT TIME ZONE 'UTC'
    GROUP BY d ORDER BY d`);
  return dayRows(rows);
}

/** Threads with the most messages over the last 30 days. */
export async function getBusiestThreads(siteId: number, limit = 5) {
  const db = await getDb();
  const recent = db
    .select({ threadId: m.threadId, n: sql<number>`count(*)::int`.as('n') })
    .from(m)
    .where(
      and(
        eq(m.siteId, siteId),
        sql`${m.createdAt} >= now() - interval '${sql.raw(String(OVERVIEW_DAYS))} days'`,
      ),
    )
    .groupBy(m.threadId)
    .as('recent');
  return db
    .select({ id: recent.threadId, messages: recent.n, subject: t.subject, type: t.type })
    .from(recent)
    .leftJoin(t, and(eq(t.siteId, siteId), eq(t.id, recent.threadId)))
    .orderBy(desc(recent.n), desc(recent.threadId))
    .limit(limit);
}

export async function getMostReportedUsers(siteId: number, limit = 5) {
  const db = await getDb();
  return db
    .select({ id: u.id, name: u.name, reported: u.reportedCount, messages: u.messageCount })
    .from(u)
    .where(and(eq(u.siteId, siteId), gt(u.reportedCount, 0)))
    .orderBy(desc(u.reportedCount), u.id)
    .limit(limit);
}

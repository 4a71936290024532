/**
 * The queues over time. The plugin keeps no history of how many reports were open or messages
 * waiting, so the sync worker writes what the index holds after each incremental pass, one row
 * per site and UTC hour (the hour's latest reading wins), and the overview draws it.
 */
import 'server-only';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { getQueueCounts } from './queries';
import { queueCountSnapshots as q } from './schema';

export function hourOf(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

export async function recordQueueSnapshot(db: Db, siteId: number, at = new Date()): Promise<void> {
  const counts = await getQueueCounts(siteId, { db });
  const row = { siteId, hour: hourOf(at), openReports: counts.reports, pending: counts.pending };
  await db
    .insert(q)
    .values(row)
    .onConflictDoUpdate({
      target: [q.siteId, q.hour],
      set: { openReports: row.openReports, pending: row.pending },
    });
}

export type QueueDay = { day: string; openReports: number; pending: number };

/**
 * One point per UTC day for the last `days` days: the day's highest reading (the backlog a
 * moderator faced that day). Days without a reading are left out rather than drawn as zero.
 */
export async function getQueueHistory(siteId: number, days = 30): Promise<QueueDay[]> {
  const db = await getDb();
  const since = new Date(Date.now() - (days - 1) * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const day = sql<string>`to_char(${q.hour} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  return db
    .select({
      day,
      openReports: sql<number>`max(${q.openReports})::int`,
      pending: sql<number>`max(${q.pending})::int`,
    })
    .from(q)
    .where(and(eq(q.siteId, siteId), gte(q.hour, since)))
    .groupBy(day)
    .orderBy(asc(day));
}

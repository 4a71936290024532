/**
 * Writes to the index. A fetched id range is committed in one transaction with whatever
 * sync-state change it allows, so a crash leaves either the whole batch or none of it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import type { MessageRow, UserRow } from './convert';
import { indexMessages, indexThreads, indexUsers, syncState } from './schema';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Exec = Db | Tx;

export interface StoreBatch {
  siteId: number;
  rows: MessageRow[];
  users: UserRow[];
  /** Asked ids that the site no longer has: deleted messages. */
  deletedIds: number[];
  /** Participant counts the viewer reported per thread. */
  participantCounts?: Map<number, number>;
}

const UPSERT_CHUNK = 400;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function upsertMessages(tx: Exec, siteId: number, rows: MessageRow[]) {
  for (const part of chunks(rows, UPSERT_CHUNK)) {
    await tx
      .insert(indexMessages)
      .values(part.map((r) => ({ ...r, siteId })))
      .onConflictDoUpdate({
        target: [indexMessages.siteId, indexMessages.id],
        set: {
          threadId: sql`excluded.thread_id`,
          senderId: sql`excluded.sender_id`,
          receiverId: sql`excluded.receiver_id`,
          createdAt: sql`excluded.created_at`,
          html: sql`excluded.html`,
          text: sql`excluded.text`,
          pending: sql`excluded.pending`,
          reports: sql`excluded.reports`,
          reportCount: sql`excluded.report_count`,
          aiFlagged: sql`excluded.ai_flagged`,
          attachments: sql`excluded.attachments`,
          attachmentCount: sql`excluded.attachment_count`,
          syncedAt: sql`now()`,
        },
      });
  }
}

export async function upsertUsers(tx: Exec, siteId: number, users: UserRow[]) {
  for (const part of chunks(users, UPSERT_CHUNK)) {
    await tx
      .insert(indexUsers)
      .values(part.map((u) => ({ ...u, siteId })))
      .onConflictDoUpdate({
        target: [indexUsers.siteId, indexUsers.id],
        set: { name: sql`excluded.name`, avatar: sql`excluded.avatar`, seenAt: sql`now()` },
      });
  }
}

/** Threads the batch mentions; before details are read, participants are the people seen in it. */
async function ensureThreads(tx: Exec, batch: StoreBatch) {
  const seen = new Map<number, Set<number>>();
  for (const r of batch.rows) {
    const set = seen.get(r.threadId) ?? new Set<number>();
    if (r.senderId !== 0) set.add(r.senderId);
    if (r.receiverId !== null) set.add(r.receiverId);
    seen.set(r.threadId, set);
  }
  if (seen.size === 0) return;
  const values = [...seen].map(([id, people]) => ({
    siteId: batch.siteId,
    id,
    participants: [...people].sort((a, b) => a - b),
    participantCount: Math.max(people.size, batch.participantCounts?.get(id) ?? 0),
  }));
  const t = indexThreads;
  for (const part of chunks(values, UPSERT_CHUNK)) {
    await tx
      .insert(t)
      .values(part)
      .onConflictDoUpdate({
        target: [t.siteId, t.id],
        set: {
          participants: sql`CASE WHEN ${t.detailsSyncedAt} IS NULL
            THEN ARRAY(SELECT DISTINCT p FROM unnest(${t.participants} || excluded.participants) AS p ORDER BY 1)
            ELSE ${t.participants} END`,
          participantCount: sql`CASE WHEN ${t.detailsSyncedAt} IS NULL
            THEN GREATEST(${t.participantCount}, excluded.participant_count) ELSE ${t.participantCount} END`,
        },
      });
  }
}

/**
 * Counts, activity and words of threads, recomputed from the index (never incremented: replays
 * stay exact).
 */
export async function recountThreads(tx: Exec, siteId: number, threadIds: readonly number[]) {
  if (threadIds.length === 0) return;
  const ids = `{${[...new Set(threadIds)].join(',')}}`;
  await tx.execute(sql`
    UPDATE site_index_threads t SET
      message_count = a.n, reported_count = a.reported, pending_count = a.pending,
      attachment_count = a.files, first_activity_at = a.first_at, last_activity_at = a.last_at,
      last_message_id = a.last_id, tsv = a.words
    FROM (
      SELECT tid, agg.*, lex.words FROM unnest(${ids}::bigint[]) AS tid
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n,
               (count(*) FILTER (WHERE m.report_count > 0 OR m.ai_flagged))::int AS reported,
               (count(*) FILTER (WHERE m.pending))::int AS pending,
               COALESCE(sum(m.attachment_count), 0)::int AS files,
               min(m.created_at) AS first_at, max(m.created_at) AS last_at, max(m.id) AS last_id
        FROM site_index_messages m WHERE m.site_id = ${siteId} AND m.thread_id = tid
      ) agg
      CROSS JOIN LATERAL (
        SELECT array_to_tsvector(array_agg(DISTINCT w.lexeme)) AS words
        FROM site_index_messages m, unnest(m.tsv) w WHERE m.site_id = ${siteId} AND m.thread_id = tid
      ) lex
    ) a
    WHERE t.site_id = ${siteId} AND t.id = a.tid`);
}

/** Per-user counts from the index; all users of the site when `userIds` is omitted. */
export async function recountUsers(db: Exec, siteId: number, userIds?: readonly number[]) {
  if (userIds && userIds.length === 0) return;
  const only = userIds ? sql`AND m.sender_id = ANY(${`{${userIds.join(',')}}`}::bigint[])` : sql``;
  const onlyUsers = userIds ? sql`AND u.id = ANY(${`{${userIds.join(',')}}`}::bigint[])` : sql``;
  await db.execute(sql`
    UPDATE site_index_users u SET
      message_count = COALESCE(a.n, 0), thread_count = COALESCE(a.threads, 0),
      reported_count = COALESCE(a.reported, 0), last_message_at = a.last_at
    FROM site_index_users u2
    LEFT JOIN (
      SELECT m.sender_id, count(*)::int AS n, count(DISTINCT m.thread_id)::int AS threads,
             (count(*) FILTER (WHERE m.report_count > 0 OR m.ai_flagged))::int AS reported,
             max(m.created_at) AS last_at
      FROM site_index_messages m WHERE m.site_id = ${siteId} ${only}
      GROUP BY m.sender_id
    ) a ON a.sender_id = u2.id
    WHERE u.site_id = ${siteId} AND u2.site_id = u.site_id AND u2.id = u.id ${onlyUsers}`);
}

/**
 * Stores one answer of the site: upserts what came back, deletes what is gone, recounts the
 * threads touched, then lets `then` write the sync state in the same transaction.
 * Returns the senders touched (their counts are recomputed later, in bulk).
 */
export async function storeBatch(
  db: Db,
  batch: StoreBatch,
  then?: (tx: Tx) => Promise<void>,
): Promise<{ senders: number[] }> {
  return db.transaction(async (tx) => {
    const touched = new Set(batch.rows.map((r) => r.threadId));
    const senders = new Set(batch.rows.map((r) => r.senderId));
    if (batch.deletedIds.length > 0) {
      const gone = await tx
        .delete(indexMessages)
        .where(and(eq(indexMessages.siteId, batch.siteId), inArray(indexMessages.id, batch.deletedIds)))
        .returning({ threadId: indexMessages.threadId, senderId: indexMessages.senderId });
      for (const g of gone) {
        touched.add(g.threadId);
        senders.add(g.senderId);
      }
    }
    await upsertUsers(tx, batch.siteId, batch.users);
    await upsertMessages(tx, batch.siteId, batch.rows);
    await ensureThreads(tx, batch);
    await recountThreads(tx, batch.siteId, [...touched]);
    if (then) await then(tx);
    return { senders: [...senders] };
  });
}

export async function touchState(db: Exec, siteId: number, set: Partial<typeof syncState.$inferInsert>) {
  await db
    .update(syncState)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(syncState.siteId, siteId));
}

/**
 * Writes to the index. A fetched id range is committed in one transaction with whatever
 * sync-state change it allows, so a crash leaves either the whole batch or none of it.
 *
 * Several writers work on one site's rows at once: the backfill's commits, the users' recount,
 * thread details, a moderation action's refresh in another process. Each takes its row locks in
 * one order, users before messages before threads and each table by id; two that locked the same
 * rows in different orders deadlocked ("deadlock detected" twice in a 300,000-message backfill,
 * between a batch's user upsert and the recount).
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/infra/db/client';
import { jsonRows, rowsOf } from '@/lib/infra/db/rows';
import type { MessageRow, UserRow } from './convert';
import { indexMessages, syncState } from './schema';
import { analyzeAsGrown } from './sync/maintenance';

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

/** Sorted and distinct, as a PostgreSQL array literal. */
function idArray(ids: Iterable<number>): string {
  return `{${[...new Set(ids)].sort((a, b) => a - b).join(',')}}`;
}

/** One row per id (the last one given), in id order: the order every writer locks rows in. */
function byId<T extends { id: number }>(rows: readonly T[]): T[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()].sort((a, b) => a.id - b.id);
}

/**
 * The site as a value the planner cannot see: with statistics from before this site had rows
 * (autovacuum off, PGlite has none), `site_id = <new site>` is estimated at one row, every index
 * starting with site_id looks alike, and the recount of one thread read every message of the
 * site through the created-at index (10.6 ms a thread, growing with the site). Unknown, the
 * site matches a share of the table, and the index on (site, thread) or (site, sender) wins.
 */
function opaque(siteId: number) {
  return sql`(SELECT ${siteId}::int)`;
}

/** Locks existing rows in id order, before statements that would lock them in another order. */
async function lockRows(
  tx: Tx,
  table: 'site_index_messages' | 'site_index_threads',
  siteId: number,
  ids: Iterable<number>,
) {
  const list = idArray(ids);
  if (list === '{}') return;
  await tx.execute(sql`
    SELECT 1 FROM ${sql.raw(table)} WHERE site_id = ${siteId} AND id = ANY(${list}::bigint[])
    ORDER BY id FOR UPDATE`);
}

/** Returns the id of the transaction that wrote the rows (their `xmin`), null when there were none. */
async function upsertMessages(tx: Exec, siteId: number, rows: MessageRow[]): Promise<number | null> {
  if (rows.length === 0) return null;
  const json = jsonRows(
    byId(rows).map((r) => ({
      id: r.id,
      thread_id: r.threadId,
      sender_id: r.senderId,
      receiver_id: r.receiverId,
      created_at: r.createdAt.toISOString(),
      html: r.html,
      text: r.text,
      pending: r.pending,
      reports: r.reports,
      report_count: r.reportCount,
      ai_flagged: r.aiFlagged,
      attachments: r.attachments,
      attachment_count: r.attachmentCount,
    })),
  );
  const written = await tx.execute(sql`
    WITH written AS (
    INSERT INTO site_index_messages (site_id, id, thread_id, sender_id, receiver_id, created_at, html,
      text, pending, reports, report_count, ai_flagged, attachments, attachment_count)
    SELECT ${siteId}, x.id, x.thread_id, x.sender_id, x.receiver_id, x.created_at, x.html,
      x.text, x.pending, x.reports, x.report_count, x.ai_flagged, x.attachments, x.attachment_count
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, thread_id bigint, sender_id bigint,
      receiver_id bigint, created_at timestamptz, html text, text text, pending boolean, reports jsonb,
      report_count int, ai_flagged boolean, attachments jsonb, attachment_count int)
    ORDER BY x.id
    ON CONFLICT (site_id, id) DO UPDATE SET
      thread_id = excluded.thread_id, sender_id = excluded.sender_id, receiver_id = excluded.receiver_id,
      created_at = excluded.created_at, html = excluded.html, text = excluded.text,
      pending = excluded.pending, reports = excluded.reports, report_count = excluded.report_count,
      ai_flagged = excluded.ai_flagged, attachments = excluded.attachments,
      attachment_count = excluded.attachment_count, synced_at = now()
    RETURNING xmin)
    SELECT xmin::text AS xid FROM written LIMIT 1`);
  const [row] = rowsOf<{ xid: string }>(written);
  return row ? Number(row.xid) : null;
}

export async function upsertUsers(tx: Exec, siteId: number, users: UserRow[]) {
  if (users.length === 0) return;
  const json = jsonRows(
    byId(users).map((u) => ({ id: u.id, name: u.name, avatar: u.avatar, is_guest: u.isGuest })),
  );
  // Most batches name people the index already has as they are: no new row version for them
  // (the conflicting rows are locked all the same, hence the order).
  await tx.execute(sql`
    INSERT INTO site_index_users AS u (site_id, id, name, avatar, is_guest)
    SELECT ${siteId}, x.id, x.name, x.avatar, x.is_guest
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, name text, avatar text, is_guest boolean)
    ORDER BY x.id
    ON CONFLICT (site_id, id) DO UPDATE SET name = excluded.name, avatar = excluded.avatar, seen_at = now()
    WHERE u.name IS DISTINCT FROM excluded.name OR u.avatar IS DISTINCT FROM excluded.avatar`);
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
  const json = jsonRows(
    [...seen]
      .sort(([a], [b]) => a - b)
      .map(([id, people]) => ({
        id,
        participants: [...people].sort((a, b) => a - b),
        participant_count: Math.max(people.size, batch.participantCounts?.get(id) ?? 0),
      })),
  );
  // Before details are read, add the people seen; only when that adds someone: a thread row
  // rewritten for nothing costs its GIN entries too.
  await tx.execute(sql`
    INSERT INTO site_index_threads AS t (site_id, id, participants, participant_count)
    SELECT ${batch.siteId}, x.id, x.participants, x.participant_count
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, participants int[], participant_count int)
    ORDER BY x.id
    ON CONFLICT (site_id, id) DO UPDATE SET
      participants = ARRAY(SELECT DISTINCT p FROM unnest(t.participants || excluded.participants) AS p ORDER BY 1),
      participant_count = GREATEST(t.participant_count, excluded.participant_count)
    WHERE t.details_synced_at IS NULL
      AND (NOT t.participants @> excluded.participants OR t.participant_count < excluded.participant_count)`);
}

/**
 * Counts, activity and words of threads, recomputed from the index (never incremented: replays
 * stay exact). Each thread is one lookup on (site, thread), whatever the statistics say.
 * The threads' rows must be locked already, as `storeBatch` does.
 */
async function recountThreads(tx: Exec, siteId: number, threadIds: readonly number[]) {
  if (threadIds.length > 0) await tx.execute(threadRecount(siteId, threadIds));
}

/** The statement of `recountThreads` (its plan is tested). */
export function threadRecount(siteId: number, threadIds: readonly number[]): SQL {
  const site = opaque(siteId);
  return sql`
    UPDATE site_index_threads t SET
      message_count = a.n, reported_count = a.reported, pending_count = a.pending,
      attachment_count = a.files, first_activity_at = a.first_at, last_activity_at = a.last_at,
      last_message_id = a.last_id, tsv = a.words
    FROM (
      SELECT tid, agg.*, lex.words FROM unnest(${idArray(threadIds)}::bigint[]) AS tid
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n,
               (count(*) FILTER (WHERE m.report_count > 0 OR m.ai_flagged))::int AS reported,
               (count(*) FILTER (WHERE m.pending))::int AS pending,
               COALESCE(sum(m.attachment_count), 0)::int AS files,
               min(m.created_at) AS first_at, max(m.created_at) AS last_at, max(m.id) AS last_id
        FROM site_index_messages m WHERE m.site_id = ${site} AND m.thread_id = tid
      ) agg
      CROSS JOIN LATERAL (
        SELECT array_to_tsvector(array_agg(DISTINCT w.lexeme)) AS words
        FROM site_index_messages m, unnest(m.tsv) w WHERE m.site_id = ${site} AND m.thread_id = tid
      ) lex
    ) a
    WHERE t.site_id = ${site} AND t.id = a.tid`;
}

/**
 * Per-user counts from the index; all users of the site when `userIds` is omitted. Only rows
 * whose counts changed are written, and they are locked in id order first (one statement: the
 * counting runs before any lock is taken).
 */
export async function recountUsers(db: Exec, siteId: number, userIds?: readonly number[]) {
  if (!userIds || userIds.length > 0) await db.execute(userRecount(siteId, userIds));
}

/** The statement of `recountUsers` (its plan is tested). */
export function userRecount(siteId: number, userIds?: readonly number[]): SQL {
  const ids = userIds ? idArray(userIds) : null;
  // A few senders: one lookup each on (site, sender). The whole site: every row of it anyway.
  const senders = ids
    ? sql`m.site_id = ${opaque(siteId)} AND m.sender_id = ANY(${ids}::bigint[])`
    : sql`m.site_id = ${siteId}`;
  const onlyUsers = ids ? sql`AND u.id = ANY(${ids}::bigint[])` : sql``;
  return sql`
    WITH counted AS (
      SELECT m.sender_id, count(*)::int AS n, count(DISTINCT m.thread_id)::int AS threads,
             (count(*) FILTER (WHERE m.report_count > 0 OR m.ai_flagged))::int AS reported,
             max(m.created_at) AS last_at
      FROM site_index_messages m WHERE ${senders}
      GROUP BY m.sender_id
    ), fresh AS (
      SELECT u.id, COALESCE(c.n, 0) AS n, COALESCE(c.threads, 0) AS threads,
             COALESCE(c.reported, 0) AS reported, c.last_at
      FROM site_index_users u LEFT JOIN counted c ON c.sender_id = u.id
      WHERE u.site_id = ${siteId} ${onlyUsers}
        AND (u.message_count, u.thread_count, u.reported_count, u.last_message_at)
            IS DISTINCT FROM (COALESCE(c.n, 0), COALESCE(c.threads, 0), COALESCE(c.reported, 0), c.last_at)
    ), locked AS MATERIALIZED (
      SELECT u.id FROM site_index_users u
      WHERE u.site_id = ${siteId} AND u.id IN (SELECT id FROM fresh)
      ORDER BY u.id FOR UPDATE
    )
    UPDATE site_index_users u SET
      message_count = f.n, thread_count = f.threads, reported_count = f.reported, last_message_at = f.last_at
    FROM fresh f
    WHERE u.site_id = ${siteId} AND u.id = f.id AND u.id IN (SELECT id FROM locked)`;
}

/**
 * Stores one answer of the site: upserts what came back, deletes what is gone, recounts the
 * threads touched, then lets `then` write the sync state in the same transaction.
 * Returns the senders touched (their counts are recomputed later, in bulk), and the transaction
 * that wrote the rows: a row whose `xmin` is still that id is as this batch left it.
 */
export async function storeBatch(
  db: Db,
  batch: StoreBatch,
  then?: (tx: Tx) => Promise<void>,
): Promise<{ senders: number[]; xid: number | null }> {
  const result = await db.transaction(async (tx) => {
    const touched = new Set(batch.rows.map((r) => r.threadId));
    const senders = new Set(batch.rows.map((r) => r.senderId));
    await upsertUsers(tx, batch.siteId, batch.users);
    if (batch.deletedIds.length > 0) {
      // Deleting and upserting are two passes over the messages, and the deleted messages'
      // threads are not all the batch's: the rows that exist are locked in id order first
      // (a refresh after a moderator's delete and a batch read before it disagree on one).
      await lockRows(tx, 'site_index_messages', batch.siteId, [
        ...batch.deletedIds,
        ...batch.rows.map((r) => r.id),
      ]);
      const gone = await tx
        .delete(indexMessages)
        .where(and(eq(indexMessages.siteId, batch.siteId), inArray(indexMessages.id, batch.deletedIds)))
        .returning({ threadId: indexMessages.threadId, senderId: indexMessages.senderId });
      for (const g of gone) {
        touched.add(g.threadId);
        senders.add(g.senderId);
      }
    }
    const xid = await upsertMessages(tx, batch.siteId, batch.rows);
    if (batch.deletedIds.length > 0) await lockRows(tx, 'site_index_threads', batch.siteId, touched);
    // Locks the batch's threads in id order (a conflicting row is locked even when left as is).
    await ensureThreads(tx, batch);
    await recountThreads(tx, batch.siteId, [...touched]);
    if (then) await then(tx);
    return { senders: [...senders], xid };
  });
  await analyzeAsGrown(db, batch.siteId, batch.rows.length);
  return result;
}

export async function touchState(db: Exec, siteId: number, set: Partial<typeof syncState.$inferInsert>) {
  await db
    .update(syncState)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(syncState.siteId, siteId));
}

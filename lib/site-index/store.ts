/**
 * Writes to the index. A fetched id range is committed in one transaction with whatever
 * sync-state change it allows, so a crash leaves either the whole batch or none of it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import type { MessageRow, UserRow } from './convert';
import { indexMessages, syncState } from './schema';

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

/**
 * Rows as one jsonb parameter for `jsonb_to_recordset`: a batch of 500 messages is one value to
 * bind instead of 7,000 (building those through the query builder cost more CPU than the rest
 * of the store). Strings are made well-formed and NUL-free, as jsonb requires.
 */
function recordset(rows: readonly object[]): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'string' ? value.toWellFormed().replaceAll('\0', '') : value,
  );
}

async function upsertMessages(tx: Exec, siteId: number, rows: MessageRow[]) {
  if (rows.length === 0) return;
  const json = recordset(
    rows.map((r) => ({
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
  await tx.execute(sql`
    INSERT INTO site_index_messages (site_id, id, thread_id, sender_id, receiver_id, created_at, html,
      text, pending, reports, report_count, ai_flagged, attachments, attachment_count)
    SELECT ${siteId}, x.id, x.thread_id, x.sender_id, x.receiver_id, x.created_at, x.html,
      x.text, x.pending, x.reports, x.report_count, x.ai_flagged, x.attachments, x.attachment_count
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, thread_id bigint, sender_id bigint,
      receiver_id bigint, created_at timestamptz, html text, text text, pending boolean, reports jsonb,
      report_count int, ai_flagged boolean, attachments jsonb, attachment_count int)
    ON CONFLICT (site_id, id) DO UPDATE SET
      thread_id = excluded.thread_id, sender_id = excluded.sender_id, receiver_id = excluded.receiver_id,
      created_at = excluded.created_at, html = excluded.html, text = excluded.text,
      pending = excluded.pending, reports = excluded.reports, report_count = excluded.report_count,
      ai_flagged = excluded.ai_flagged, attachments = excluded.attachments,
      attachment_count = excluded.attachment_count, synced_at = now()`);
}

export async function upsertUsers(tx: Exec, siteId: number, users: UserRow[]) {
  if (users.length === 0) return;
  const json = recordset(
    users.map((u) => ({ id: u.id, name: u.name, avatar: u.avatar, is_guest: u.isGuest })),
  );
  // Most batches name people the index already has as they are: no new row version for them.
  await tx.execute(sql`
    INSERT INTO site_index_users AS u (site_id, id, name, avatar, is_guest)
    SELECT ${siteId}, x.id, x.name, x.avatar, x.is_guest
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id bigint, name text, avatar text, is_guest boolean)
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
  const json = recordset(
    [...seen].map(([id, people]) => ({
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
    ON CONFLICT (site_id, id) DO UPDATE SET
      participants = ARRAY(SELECT DISTINCT p FROM unnest(t.participants || excluded.participants) AS p ORDER BY 1),
      participant_count = GREATEST(t.participant_count, excluded.participant_count)
    WHERE t.details_synced_at IS NULL
      AND (NOT t.participants @> excluded.participants OR t.participant_count < excluded.participant_count)`);
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

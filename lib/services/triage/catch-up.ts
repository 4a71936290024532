/**
 * Brings the triage state of a site up to what the index holds: threads where a support
 * account takes part join the inbox, conversations with new (or removed) messages get their
 * waiting time recomputed, resolved ones reopen on a new user message, snoozes wake.
 * Idempotent, and safe in two processes at once (state changes are compare-and-set).
 */
import 'server-only';
import { and, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { rowsOf } from '@/lib/infra/db/rows';
import { indexMessages, indexThreads, syncState } from '@/lib/services/site-index/schema';
import { computeTriage, type TriageMessage } from './compute';
import { moderationNotices } from '@/lib/services/decisions/schema';
import { supportAccounts, triageConversations as tc, triageEvents, triageSettings } from './schema';

const BATCH = 200;
/**
 * Messages the members see: an approval changes this (not the last id nor the count), so a
 * held reply that gets approved later is counted then.
 */
const visibleCount = sql<number>`(${indexThreads.messageCount} - ${indexThreads.pendingCount})`;
/** Pages call this on every view; one pass per site per process in this window is plenty. */
const THROTTLE_MS = 3_000;
const lastRun = new Map<number, number>();

async function supportIdsOf(db: Db, siteId: number): Promise<Set<number>> {
  const rows = await db
    .select({ id: supportAccounts.bmUserId })
    .from(supportAccounts)
    .where(eq(supportAccounts.siteId, siteId));
  return new Set(rows.map((r) => r.id));
}

/** The page-view entry: at most one pass per site every few seconds. */
export async function catchUpTriageThrottled(siteId: number): Promise<void> {
  const last = lastRun.get(siteId) ?? 0;
  if (Date.now() - last < THROTTLE_MS) return;
  lastRun.set(siteId, Date.now());
  await catchUpTriage(siteId);
}

/**
 * Threads whose latest activity is this much older than the last pass's newest are left alone:
 * the incremental sync reads messages in id order, so later arrivals are not older than this.
 */
const MARGIN_MS = 10 * 60_000;

export async function catchUpTriage(
  siteId: number,
  now = new Date(),
  options: { threadIds?: readonly number[] } = {},
): Promise<{ added: number; recomputed: number; changed: number }> {
  const db = await getDb();
  await db.insert(triageSettings).values({ siteId }).onConflictDoNothing();
  const [settings] = await db
    .select({ caughtUpTo: triageSettings.caughtUpTo })
    .from(triageSettings)
    .where(eq(triageSettings.siteId, siteId));
  const [sync] = await db
    .select({ backfilled: syncState.backfillFinishedAt })
    .from(syncState)
    .where(eq(syncState.siteId, siteId));
  const [newest] = await db
    .select({ at: indexThreads.lastActivityAt })
    .from(indexThreads)
    .where(and(eq(indexThreads.siteId, siteId), sql`${indexThreads.lastActivityAt} IS NOT NULL`))
    .orderBy(desc(indexThreads.lastActivityAt))
    .limit(1);
  // While the backfill still brings old threads in, every pass looks at every thread.
  const since =
    settings?.caughtUpTo && sync?.backfilled ? new Date(settings.caughtUpTo.getTime() - MARGIN_MS) : null;
  const active = since
    ? sql`${indexThreads.lastActivityAt} >= ${since.toISOString()}::timestamptz`
    : sql`TRUE`;

  const support = await supportIdsOf(db, siteId);
  const added = await addParticipantThreads(db, siteId, support, active);

  const changedInIndex = db
    .select({ threadId: tc.threadId })
    .from(tc)
    .innerJoin(indexThreads, and(eq(indexThreads.siteId, tc.siteId), eq(indexThreads.id, tc.threadId)))
    .where(
      and(
        eq(tc.siteId, siteId),
        active,
        sql`(${tc.seenMessageId} IS DISTINCT FROM ${indexThreads.lastMessageId}
          OR ${tc.seenMessageCount} IS DISTINCT FROM ${visibleCount})`,
      ),
    );
  const due = db
    .select({ threadId: tc.threadId })
    .from(tc)
    .where(
      and(
        eq(tc.siteId, siteId),
        or(
          // Added by hand or just now: never computed.
          isNull(tc.seenMessageId),
          and(eq(tc.status, 'snoozed'), lte(tc.snoozedUntil, now)),
          options.threadIds?.length ? inArray(tc.threadId, [...options.threadIds]) : undefined,
        ),
      ),
    );
  const ids = [...new Set([...(await changedInIndex), ...(await due)].map((r) => r.threadId))];
  let changed = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    changed += await recompute(db, siteId, ids.slice(i, i + BATCH), support, now);
  }
  if (newest?.at && newest.at.getTime() !== settings?.caughtUpTo?.getTime()) {
    await db.update(triageSettings).set({ caughtUpTo: newest.at }).where(eq(triageSettings.siteId, siteId));
  }
  return { added, recomputed: ids.length, changed };
}

/** Support accounts changed: the next pass looks at every thread again. */
export async function forgetCatchUp(siteId: number): Promise<void> {
  const db = await getDb();
  await db.update(triageSettings).set({ caughtUpTo: null }).where(eq(triageSettings.siteId, siteId));
}

async function addParticipantThreads(
  db: Db,
  siteId: number,
  support: Set<number>,
  active: SQL,
): Promise<number> {
  if (support.size === 0) return 0;
  const ids = sql`ARRAY[${sql.join(
    [...support].map((id) => sql`${id}`),
    sql`, `,
  )}]::integer[]`;
  const rows = await db.execute<{ thread_id: number }>(sql`
    INSERT INTO triage_conversations (site_id, thread_id, source, status)
    SELECT ${indexThreads.siteId}, ${indexThreads.id}, 'participant', 'open'
    FROM ${indexThreads}
    WHERE ${indexThreads.siteId} = ${siteId} AND NOT ${indexThreads.gone}
      AND ${indexThreads.participants} && ${ids} AND ${active}
      AND NOT EXISTS (SELECT 1 FROM triage_conversations c
        WHERE c.site_id = ${indexThreads.siteId} AND c.thread_id = ${indexThreads.id})
      -- A notice's thread (the moderation account is a support account) is not a conversation
      -- of the team's: it joins the inbox when the member appeals in it (lib/services/decisions).
      AND NOT EXISTS (SELECT 1 FROM ${moderationNotices} n
        WHERE n.site_id = ${indexThreads.siteId} AND n.thread_id = ${indexThreads.id})
    ON CONFLICT DO NOTHING
    RETURNING thread_id`);
  return rowsOf(rows).length;
}

async function recompute(
  db: Db,
  siteId: number,
  threadIds: number[],
  support: Set<number>,
  now: Date,
): Promise<number> {
  const [states, messages, threads] = await Promise.all([
    db
      .select()
      .from(tc)
      .where(and(eq(tc.siteId, siteId), inArray(tc.threadId, threadIds))),
    db
      .select({
        threadId: indexMessages.threadId,
        id: indexMessages.id,
        senderId: indexMessages.senderId,
        createdAt: indexMessages.createdAt,
        pending: indexMessages.pending,
      })
      .from(indexMessages)
      .where(and(eq(indexMessages.siteId, siteId), inArray(indexMessages.threadId, threadIds))),
    db
      .select({ id: indexThreads.id, last: indexThreads.lastMessageId, count: visibleCount })
      .from(indexThreads)
      .where(and(eq(indexThreads.siteId, siteId), inArray(indexThreads.id, threadIds))),
  ]);
  const byThread = new Map<number, TriageMessage[]>();
  for (const m of messages) {
    const list = byThread.get(m.threadId) ?? [];
    list.push(m);
    byThread.set(m.threadId, list);
  }
  const seen = new Map(threads.map((t) => [t.id, t]));
  let changed = 0;
  for (const state of states) {
    const r = computeTriage(byThread.get(state.threadId) ?? [], support, state, now);
    const thread = seen.get(state.threadId);
    const done = await db.transaction(async (tx) => {
      // Compare-and-set on the status: a member's change or another process's pass wins.
      const updated = await tx
        .update(tc)
        .set({
          status: r.status,
          statusChangedAt: r.statusChangedAt,
          statusSeenMessageId: r.statusSeenMessageId,
          snoozedUntil: r.snoozedUntil,
          resolvedAt: r.resolvedAt,
          reopenedCount: r.reopenedCount,
          waitingSince: r.waitingSince,
          firstUserMessageAt: r.firstUserMessageAt,
          firstResponseAt: r.firstResponseAt,
          lastUserMessageAt: r.lastUserMessageAt,
          seenMessageId: thread?.last ?? null,
          seenMessageCount: thread?.count ?? null,
          ...(r.events.length ? { updatedAt: now } : {}),
        })
        .where(
          and(
            eq(tc.siteId, siteId),
            eq(tc.threadId, state.threadId),
            eq(tc.status, state.status),
            // PostgreSQL keeps microseconds, a Date milliseconds.
            sql`date_trunc('milliseconds', ${tc.statusChangedAt}) = ${state.statusChangedAt.toISOString()}::timestamptz`,
          ),
        )
        .returning({ threadId: tc.threadId });
      if (updated.length === 0) return false;
      if (r.events.length) {
        await tx.insert(triageEvents).values(
          r.events.map((e) => ({
            siteId,
            threadId: state.threadId,
            at: e.at,
            kind: e.kind,
            detail: e.detail,
          })),
        );
      }
      return r.events.length > 0;
    });
    if (done) changed++;
  }
  return changed;
}

/**
 * Standing decisions kept and ended by the sync, in its stride:
 * - after an incremental pass: a person with an active site ban (mute) who wrote in a thread
 *   where BM Desk has not applied it is banned (muted) there, within that pass;
 * - after thread details: the same for the participants just read (a thread they were added to);
 * - every turn: decisions whose end time passed are ended, and what they applied is lifted
 *   (failures retried later); a hold whose blacklisting failed is tried again.
 * Every call goes through the syncer's own (limited) client, audited under the single-thread
 * action names with `standing: <id>` and "by site ban #N".
 */
import 'server-only';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { BmClient } from '@/lib/infra/better-messages';
import type { Db } from '@/lib/infra/db/client';
import { registerSyncHooks } from '@/lib/services/site-index/sync/hooks';
import type { SyncContext } from '@/lib/services/site-index/sync/context';
import { standingDecisions } from './schema';
import { loadProtected } from './protected';
import { applyBlacklist, applyInThread, decisionActor, liftApplied } from './standing';

type Decision = typeof standingDecisions.$inferSelect;

/** Threads (or lifts) that failed wait this long (doubling) before they are tried again. */
const RETRY_MS = 30_000;
/** Messages written this long before a decision count as "new" for it (clock skew, sync lag). */
const NEW_MESSAGE_MARGIN = '1 hour';
/** Calls per hook run at most: the sync's own work comes first. */
const MAX_CALLS_PER_RUN = 50;

/** Failed calls wait before they are tried again, longer each time (up to an hour). */
const retryAt = new Map<string, { at: number; failures: number }>();
const waiting = (key: string) => (retryAt.get(key)?.at ?? 0) > Date.now();
function later(key: string) {
  const failures = (retryAt.get(key)?.failures ?? 0) + 1;
  retryAt.set(key, { at: Date.now() + Math.min(RETRY_MS * 2 ** (failures - 1), 3_600_000), failures });
}

async function activeDecisions(db: Db, siteId: number): Promise<Decision[]> {
  return db
    .select()
    .from(standingDecisions)
    .where(and(eq(standingDecisions.siteId, siteId), isNull(standingDecisions.endedAt)));
}

/**
 * Threads where the person is (as a sender, or among the given threads' participants) and the
 * decision has not been applied: not recorded, not in its apply job (unless that failed), not
 * already banned (muted) there by someone else, not gone.
 */
async function unappliedThreads(
  db: Db,
  d: Decision,
  source: { kind: 'messages' } | { kind: 'participants'; threadIds: number[] },
): Promise<number[]> {
  const list = d.kind === 'mute' ? sql.raw('mutes') : sql.raw('bans');
  const candidates =
    source.kind === 'messages'
      ? sql`select distinct m.thread_id as id from site_index_messages m
             where m.site_id = ${d.siteId} and m.sender_id = ${d.bmUserId}
               and m.created_at >= ${d.startsAt.toISOString()}::timestamptz - interval '${sql.raw(NEW_MESSAGE_MARGIN)}'`
      : sql`select t.id from site_index_threads t
             where t.site_id = ${d.siteId} and t.id in (${sql.join(
               source.threadIds.map((id) => sql`${id}`),
               sql`, `,
             )})
               and t.participants @> array[${d.bmUserId}]::integer[]`;
  const rows = await db.execute<{ id: number | string }>(sql`
    with c as (${candidates})
    select c.id from c
    left join site_index_threads t on t.site_id = ${d.siteId} and t.id = c.id
    where not coalesce(t.gone, false)
      and not coalesce(t.${list} @> jsonb_build_array(jsonb_build_object('bmUserId', ${d.bmUserId}::bigint)), false)
      and not exists (select 1 from standing_applied a
                      where a.decision_id = ${d.id} and a.thread_id = c.id)
      and not exists (select 1 from job_items ji
                      where ji.job_id = ${d.applyJobId ?? 0} and ji.key = c.id::text
                        and ji.status in ('pending', 'running', 'done'))
    limit ${MAX_CALLS_PER_RUN}`);
  return (rows as unknown as { rows: { id: number | string }[] }).rows.map((r) => Number(r.id));
}

async function keep(
  ctx: SyncContext,
  source: { kind: 'messages' } | { kind: 'participants'; threadIds: number[] },
): Promise<void> {
  const active = (await activeDecisions(ctx.db, ctx.siteId)).filter(
    (d) => d.kind !== 'hold' && (d.endsAt === null || d.endsAt.getTime() > Date.now()),
  );
  if (active.length === 0) return;
  let calls = 0;
  let protectedSet: Awaited<ReturnType<typeof loadProtected>> | null = null;
  for (const d of active) {
    if (!ctx.running() || calls >= MAX_CALLS_PER_RUN) return;
    const threads = (await unappliedThreads(ctx.db, d, source)).filter((t) => !waiting(`${d.id}:${t}`));
    if (threads.length === 0) continue;
    // Someone who became protected since (an administrator now) is left alone.
    protectedSet ??= await loadProtected(ctx.siteId, { client: ctx.client });
    if (protectedSet.reasonFor(d.bmUserId)) continue;
    const actor = await decisionActor(d);
    for (const threadId of threads) {
      if (!ctx.running() || calls >= MAX_CALLS_PER_RUN) return;
      calls++;
      try {
        await applyInThread(ctx.client, d, threadId, actor);
      } catch (e) {
        later(`${d.id}:${threadId}`);
        console.error(
          `[policy] site ${ctx.siteId}: standing #${d.id} in thread ${threadId} failed: ${(e as Error).message}`,
        );
      }
    }
    await ctx.db
      .update(standingDecisions)
      .set({ lastEnforcedAt: new Date() })
      .where(eq(standingDecisions.id, d.id));
  }
}

/** Holds (and "hold their messages") whose blacklisting has not happened yet. */
async function keepHolds(ctx: SyncContext, client: BmClient): Promise<void> {
  const rows = await ctx.db.execute<{ id: number }>(sql`
    select d.id from standing_decisions d
    where d.site_id = ${ctx.siteId} and d.ended_at is null and d.hold_messages
      and not exists (select 1 from standing_applied a where a.decision_id = d.id and a.thread_id = 0)
    limit 10`);
  const ids = (rows as unknown as { rows: { id: number | string }[] }).rows.map((r) => Number(r.id));
  for (const id of ids) {
    if (waiting(`hold:${id}`)) continue;
    const [d] = await ctx.db.select().from(standingDecisions).where(eq(standingDecisions.id, id));
    if (!d) continue;
    try {
      // Blacklisted by someone else already: not ours to apply; looked at again later.
      if (!(await applyBlacklist(client, d, await decisionActor(d)))) later(`hold:${id}`);
    } catch (e) {
      later(`hold:${id}`);
      console.error(`[policy] site ${ctx.siteId}: hold #${id} failed: ${(e as Error).message}`);
    }
  }
}

/** Ends what is due and lifts what ended; cheap (one indexed query) when nothing is. */
export async function endDue(ctx: Pick<SyncContext, 'db' | 'siteId' | 'client'>): Promise<number> {
  const d = standingDecisions;
  const due = await ctx.db
    .select({ id: d.id, endedAt: d.endedAt, createdBy: d.createdBy, createdByRule: d.createdByRule })
    .from(d)
    .where(
      and(
        eq(d.siteId, ctx.siteId),
        isNull(d.liftedAt),
        or(sql`${d.endedAt} IS NOT NULL`, lte(d.endsAt, sql`now()`)),
      ),
    )
    .limit(20);
  let lifted = 0;
  for (const row of due) {
    if (waiting(`lift:${row.id}`)) continue;
    if (row.endedAt === null) {
      await ctx.db
        .update(d)
        .set({ endedAt: new Date(), endReason: 'its end time came' })
        .where(and(eq(d.id, row.id), isNull(d.endedAt)));
    }
    const result = await liftApplied(row.id, await decisionActor(row), { client: ctx.client }).catch(
      (e: Error) => {
        console.error(`[policy] site ${ctx.siteId}: lifting #${row.id} failed: ${e.message}`);
        return { lifted: 0, failed: 1, done: false };
      },
    );
    // Failed lifts wait before the next try; one only waiting for its apply job does not.
    if (result.failed > 0) later(`lift:${row.id}`);
    lifted += result.lifted;
  }
  return lifted;
}

/** The sync's work for standing decisions, registered under "policy". */
export function registerPolicySyncHooks(): void {
  registerSyncHooks('policy', {
    afterIncremental: (ctx) => keep(ctx, { kind: 'messages' }),
    afterThreadDetails: (ctx, threadIds) =>
      threadIds.length > 0 ? keep(ctx, { kind: 'participants', threadIds }) : Promise.resolve(),
    async everyTurn(ctx) {
      await endDue(ctx);
      await keepHolds(ctx, ctx.client);
    },
  });
}

/** Forgets the waits after failures (tests: "the next turn" without waiting). */
export function forgetRetries(): void {
  retryAt.clear();
}

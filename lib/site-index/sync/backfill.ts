/**
 * Backfill: from the highest id down to 1 in id ranges, newest first, so recent messages are
 * searchable within seconds. Ranges never shift (ids are the table's auto-increment key), so
 * the cursor means "every id from here up is in the index", and a restart resumes from it.
 */
import { sql } from 'drizzle-orm';
import { getAdminMessages } from '@/lib/better-messages';
import type { SyncStateRow } from '../schema';
import { storeBatch, touchState } from '../store';
import { loadFigures, type SyncContext } from './context';
import { batchOf, fetchIds, idRange } from './ranges';

/** First contact: page 1 gives the highest id and the totals; nothing below it is covered yet. */
export async function startBackfill(ctx: SyncContext): Promise<void> {
  const page = await getAdminMessages(ctx.client, {});
  const top = page.messages.reduce((max, m) => Math.max(max, m.id), 0);
  await ctx.serial(() =>
    storeBatch(ctx.db, batchOf(ctx.siteId, page.messages, []), async (tx) => {
      await touchState(tx, ctx.siteId, {
        highestId: top,
        // The page-1 rows are stored, but the range below `top` is not complete until a batch reads it.
        backfillCursor: top + 1,
        totalEstimate: page.total,
        siteReported: page.reported,
        sitePending: page.pending,
        status: top > 0 ? 'backfilling' : 'idle',
        backfillStartedAt: new Date(),
        backfillFinishedAt: top > 0 ? null : new Date(),
        ...loadFigures(ctx),
      });
    }),
  );
}

export function backfillDone(state: SyncStateRow): boolean {
  return state.backfillCursor !== null && state.backfillCursor <= 1;
}

/**
 * Runs batches with `state.concurrency` lanes until the turn's time is up. Batches may finish
 * out of order; the cursor moves only over a contiguous run of committed ranges.
 */
export async function backfillTurn(ctx: SyncContext, state: SyncStateRow): Promise<number> {
  if (state.backfillCursor === null || backfillDone(state)) return 0;
  let cursor = state.backfillCursor;
  let nextHi = cursor - 1;
  const committed = new Map<number, number>();
  const deadline = Date.now() + ctx.options.backfillTurnMs;
  let stored = 0;
  let failed = false;

  async function lane() {
    while (!failed && ctx.running() && nextHi >= 1 && Date.now() < deadline) {
      const hi = nextHi;
      const lo = Math.max(1, hi - ctx.pacer.size + 1);
      nextHi = lo - 1;
      let answer;
      try {
        answer = await fetchIds(ctx, idRange(lo, hi));
      } catch (error) {
        failed = true;
        ctx.pacer.failed();
        throw error;
      }
      ctx.pacer.answered(answer.ms);
      await ctx.serial(async () => {
        const done = new Map(committed).set(hi, lo);
        let next = cursor;
        while (done.has(next - 1)) {
          const low = done.get(next - 1)!;
          done.delete(next - 1);
          next = low;
        }
        await storeBatch(ctx.db, answer.batch, (tx) =>
          touchState(tx, ctx.siteId, {
            backfillCursor: next,
            status: next <= 1 ? 'idle' : 'backfilling',
            ...(next <= 1 ? { backfillFinishedAt: new Date() } : {}),
            ...loadFigures(ctx),
          }),
        );
        committed.clear();
        done.forEach((l, h) => committed.set(h, l));
        cursor = next;
        // The tables grew from nothing: fresh statistics, or the planner keeps its empty-table plans
        // until autovacuum comes round.
        if (next <= 1) {
          await ctx.db
            .execute(
              sql`ANALYZE site_index_messages, site_index_threads, site_index_users, site_index_attachments`,
            )
            .catch((e: Error) => console.error(`[sync] site ${ctx.siteId}: ANALYZE failed: ${e.message}`));
        }
      });
      stored += answer.batch.rows.length;
      ctx.rate.add(answer.batch.rows.length);
    }
  }

  const lanes = Array.from({ length: Math.max(1, state.concurrency) }, lane);
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return stored;
}

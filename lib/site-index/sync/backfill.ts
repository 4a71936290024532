/**
 * Backfill: from the highest id down to 1 in id ranges, newest first, so recent messages are
 * searchable within seconds. Ranges never shift (ids are the table's auto-increment key), so
 * the cursor means "every id from here up is in the index", and a restart resumes from it.
 */
import { getAdminMessages } from '@/lib/better-messages';
import type { SyncStateRow } from '../schema';
import { storeBatch, touchState, type StoreBatch } from '../store';
import { loadFigures, type SyncContext } from './context';
import { vacuumIndex } from './maintenance';
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
 * Runs batches with `state.concurrency` lanes until id 1, a failure or a stop. It runs beside
 * the syncer's other work (which shares the site's slots), so the site is never left idle while
 * lanes wait for each other. Batches may finish out of order; the cursor moves only over a
 * contiguous run of committed ranges. `onStored` hears of every committed batch.
 */
export async function backfillRun(
  ctx: SyncContext,
  state: SyncStateRow,
  onStored: (rows: number) => void = () => undefined,
): Promise<number> {
  if (state.backfillCursor === null || backfillDone(state)) return 0;
  let cursor = state.backfillCursor;
  let nextHi = cursor - 1;
  const committed = new Map<number, number>();
  let stored = 0;
  let failed = false;

  /** Commits one answer: the cursor moves over every contiguous committed range. */
  function commit(lo: number, hi: number, batch: StoreBatch): Promise<void> {
    return ctx.serial(async () => {
      const done = new Map(committed).set(hi, lo);
      let next = cursor;
      while (done.has(next - 1)) {
        const low = done.get(next - 1)!;
        done.delete(next - 1);
        next = low;
      }
      await storeBatch(ctx.db, batch, (tx) =>
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
      stored += batch.rows.length;
      ctx.rate.add(batch.rows.length);
      onStored(batch.rows.length);
      // The tables grew from nothing and thread rows were rewritten batch after batch: free the
      // dead rows and give the planner fresh statistics, or it keeps its empty-table plans.
      if (next <= 1) await vacuumIndex(ctx.db, 'backfill-done', ctx.siteId);
    });
  }

  // Each lane fetches its next range while its last answer is being stored, so the site always
  // has `concurrency` calls to work on; at most one answer per lane waits in memory.
  async function lane() {
    let storing: Promise<void> = Promise.resolve();
    try {
      while (!failed && ctx.running() && nextHi >= 1) {
        const hi = nextHi;
        const lo = Math.max(1, hi - ctx.pacer.size + 1);
        nextHi = lo - 1;
        let answer;
        try {
          answer = await fetchIds(ctx, idRange(lo, hi));
        } catch (error) {
          // The syncer's loop records the fault and halves the batch.
          failed = true;
          throw error;
        }
        ctx.pacer.answered(answer.ms);
        await storing;
        storing = commit(lo, hi, answer.batch);
        // Awaited at the lane's next step; until then its failure must not go unhandled.
        storing.catch(() => {
          failed = true;
        });
      }
    } finally {
      await storing;
    }
  }

  const lanes = Array.from({ length: Math.max(1, state.concurrency) }, lane);
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return stored;
}

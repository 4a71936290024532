/**
 * Backfill: from the highest id down to 1 in id ranges, newest first, so recent messages are
 * searchable within seconds. The cursor means "every id from here up is in the index" (the
 * catch-up ranges aside), and a restart resumes from it.
 */
import { getAdminMessages } from '@/lib/infra/better-messages';
import type { SyncStateRow } from '../schema';
import { storeBatch, touchState } from '../store';
import { loadFigures, type SyncContext } from './context';
import { backfillDone, coverageIn, restingStatus } from './coverage';
import { runLanes } from './lanes';
import { vacuumIndex } from './maintenance';
import { batchOf } from './ranges';

export { backfillDone } from './coverage';

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
        catchUp: [],
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

/**
 * Runs the backfill's lanes (`state.concurrency` of them) until id 1, a failure, a stop or
 * `yieldNow` (a catch-up came up: the newest messages go first). `onStored` hears of every
 * committed batch.
 */
export async function backfillRun(
  ctx: SyncContext,
  state: SyncStateRow,
  onStored: (rows: number) => void = () => undefined,
  yieldNow?: () => boolean,
): Promise<number> {
  if (state.backfillCursor === null || backfillDone(state)) return 0;
  return runLanes(ctx, {
    cursor: state.backfillCursor,
    floor: 1,
    lanes: state.concurrency,
    yieldNow,
    async commitCursor(tx, next) {
      const coverage = { ...(await coverageIn(tx, ctx.siteId)), backfillCursor: next };
      await touchState(tx, ctx.siteId, {
        backfillCursor: next,
        status: restingStatus(coverage),
        ...(next <= 1 ? { backfillFinishedAt: new Date() } : {}),
        ...loadFigures(ctx),
      });
    },
    async afterCommit(next, rows) {
      onStored(rows);
      // The tables grew from nothing and thread rows were rewritten batch after batch: free the
      // dead rows and give the planner fresh statistics, or it keeps its empty-table plans.
      if (next <= 1) await vacuumIndex(ctx.db, 'backfill-done', ctx.siteId);
    },
  });
}

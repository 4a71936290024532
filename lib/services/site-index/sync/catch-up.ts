/**
 * Catch-up: new ids too many to walk up to one batch at a time (after BM Desk was stopped, or a
 * burst) become a range that the backfill's lanes read newest first, so the message someone is
 * waiting for comes in seconds, not after every older one. The ranges live on sync_state, so a
 * restart resumes them; the newest range goes first and a newer one pre-empts an older one.
 */
import type { CatchUpRange, SyncStateRow } from '../schema';
import { touchState } from '../store';
import { loadFigures, type SyncContext } from './context';
import { coverageIn, openRanges, restingStatus } from './coverage';
import { runLanes } from './lanes';

/** New ids beyond this many batches go to the lanes; fewer are walked up by the incremental pass. */
const CATCH_UP_BATCHES = 3;

export function catchUpWorth(ctx: SyncContext, newIds: number): boolean {
  return newIds > CATCH_UP_BATCHES * ctx.pacer.size;
}

/** Ids [floor, top] are new and not read: the highest id moves to `top`, the lanes fill the rest. */
export async function openCatchUp(ctx: SyncContext, floor: number, top: number): Promise<void> {
  await ctx.serial(() =>
    ctx.db.transaction(async (tx) => {
      const coverage = await coverageIn(tx, ctx.siteId);
      const catchUp = [...openRanges(coverage), { floor, cursor: top + 1, top }];
      await touchState(tx, ctx.siteId, {
        highestId: top,
        catchUp,
        status: restingStatus({ ...coverage, catchUp }),
        ...loadFigures(ctx),
      });
    }),
  );
}

/** Reads the newest open range with the lanes until it is done, a failure, a stop or `yieldNow`. */
export async function catchUpRun(
  ctx: SyncContext,
  state: SyncStateRow,
  onStored: (rows: number) => void = () => undefined,
  yieldNow?: () => boolean,
): Promise<number> {
  const range = openRanges(state)[0];
  if (!range) return 0;
  const same = (r: CatchUpRange) => r.floor === range.floor && r.top === range.top;
  return runLanes(ctx, {
    cursor: range.cursor,
    floor: range.floor,
    lanes: state.concurrency,
    yieldNow,
    async commitCursor(tx, next) {
      const coverage = await coverageIn(tx, ctx.siteId);
      const catchUp = openRanges({
        catchUp: coverage.catchUp.map((r) => (same(r) ? { ...r, cursor: next } : r)),
      });
      await touchState(tx, ctx.siteId, {
        catchUp,
        status: restingStatus({ ...coverage, catchUp }),
        ...loadFigures(ctx),
      });
    },
    async afterCommit(_next, rows) {
      onStored(rows);
    },
  });
}

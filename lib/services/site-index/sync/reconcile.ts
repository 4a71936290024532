/**
 * Rolling re-read of old ranges: edits and deletions leave no trace in the viewer's feed, so
 * the whole covered range is read again, a little each turn, once per `reconcile_days`.
 */
import type { SyncStateRow } from '../schema';
import { storeBatch, touchState } from '../store';
import { backfillDone } from './backfill';
import { loadFigures, type SyncContext } from './context';
import { fetchIds, idRange } from './ranges';

/** Smallest slice worth a call; smaller debts wait for the next turn. */
const MIN_SLICE = 100;

export class ReconcileClock {
  private debt = 0;
  private last = Date.now();

  /** Ids due now at the pace of one full pass per `state.reconcileDays`. */
  due(state: SyncStateRow, now = Date.now()): number {
    const highest = state.highestId ?? 0;
    const perMs = highest / (Math.max(0.01, state.reconcileDays) * 86_400_000);
    this.debt = Math.min(highest, this.debt + (now - this.last) * perMs);
    this.last = now;
    return Math.floor(this.debt);
  }

  paid(n: number) {
    this.debt = Math.max(0, this.debt - n);
  }
}

/** Re-reads `count` ids going down from the reconcile cursor, wrapping to the top at id 1. */
async function reconcileSlice(ctx: SyncContext, state: SyncStateRow, count: number): Promise<number> {
  const highest = state.highestId ?? 0;
  if (!backfillDone(state) || highest < 1) return 0;
  let cursor = state.reconcileCursor !== null && state.reconcileCursor >= 1 ? state.reconcileCursor : highest;
  let left = count;
  let read = 0;
  while (left > 0 && ctx.running()) {
    const size = Math.min(ctx.pacer.size, left);
    const lo = Math.max(1, cursor - size + 1);
    const answer = await fetchIds(ctx, idRange(lo, cursor));
    ctx.pacer.answered(answer.ms);
    const wrapped = lo <= 1;
    await ctx.serial(() =>
      storeBatch(ctx.db, answer.batch, (tx) =>
        touchState(tx, ctx.siteId, {
          reconcileCursor: wrapped ? highest : lo - 1,
          ...(wrapped ? { reconcilePassStartedAt: new Date() } : {}),
          ...loadFigures(ctx),
        }),
      ),
    );
    read += cursor - lo + 1;
    left -= cursor - lo + 1;
    cursor = wrapped ? highest : lo - 1;
  }
  return read;
}

export async function reconcileTurn(ctx: SyncContext, state: SyncStateRow, clock: ReconcileClock) {
  const due = clock.due(state);
  if (due < Math.min(MIN_SLICE, state.highestId ?? 0) || due === 0) return 0;
  const read = await reconcileSlice(ctx, state, due);
  clock.paid(read);
  return read;
}

/** A whole pass now, top to bottom (after a restore, or when a person asks). */
export async function reconcileAll(ctx: SyncContext, state: SyncStateRow): Promise<number> {
  const highest = state.highestId ?? 0;
  if (!backfillDone(state)) return 0;
  const read = await reconcileSlice(ctx, { ...state, reconcileCursor: highest }, highest);
  await touchState(ctx.db, ctx.siteId, { reconcilePassStartedAt: new Date() });
  return read;
}

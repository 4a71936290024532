/**
 * Lanes that read an id range from its top down to its floor, newest first: the backfill's
 * (down to id 1) and a catch-up's (down to the highest id known before a gap). Ranges never
 * shift (ids are the table's auto-increment key), so a committed cursor means "every id from
 * here up to the range's top is in the index", and a restart resumes from it.
 */
import type { Tx } from '../store';
import { storeBatch, type StoreBatch } from '../store';
import type { SyncContext } from './context';
import { fetchIds, idRange } from './ranges';

export interface LaneRange {
  /** Lowest id not yet covered + 1: the lanes read below it. */
  cursor: number;
  /** Lowest id of the range. */
  floor: number;
  lanes: number;
  /** State written in the batch's transaction once the cursor moved to `next`. */
  commitCursor: (tx: Tx, next: number) => Promise<void>;
  /** Runs in the commit lane after a batch is stored (and after the last one). */
  afterCommit?: (next: number, rows: number) => Promise<void>;
  /** Checked before each call: true makes the lanes wind down (a newer range came up). */
  yieldNow?: () => boolean;
}

/**
 * Runs `range.lanes` lanes until the floor, a failure, a stop or a yield. Lanes share the
 * site's slots with the syncer's other work, so the site is never left idle while lanes wait
 * for each other. Batches may finish out of order; the cursor moves only over a contiguous run
 * of committed ranges. Returns the rows stored.
 */
export async function runLanes(ctx: SyncContext, range: LaneRange): Promise<number> {
  if (range.cursor <= range.floor) return 0;
  let cursor = range.cursor;
  let nextHi = cursor - 1;
  const committed = new Map<number, number>();
  let stored = 0;
  let failed = false;

  function commit(lo: number, hi: number, batch: StoreBatch): Promise<void> {
    return ctx.serial(async () => {
      const done = new Map(committed).set(hi, lo);
      let next = cursor;
      while (done.has(next - 1)) {
        const low = done.get(next - 1)!;
        done.delete(next - 1);
        next = low;
      }
      await storeBatch(ctx.db, batch, (tx) => range.commitCursor(tx, next));
      committed.clear();
      done.forEach((l, h) => committed.set(h, l));
      cursor = next;
      stored += batch.rows.length;
      ctx.rate.add(batch.rows.length);
      await range.afterCommit?.(next, batch.rows.length);
    });
  }

  // Each lane fetches its next range while its last answer is being stored, so the site always
  // has `lanes` calls to work on; at most one answer per lane waits in memory.
  async function lane() {
    let storing: Promise<void> = Promise.resolve();
    try {
      while (!failed && ctx.running() && nextHi >= range.floor && !range.yieldNow?.()) {
        const hi = nextHi;
        const lo = Math.max(range.floor, hi - ctx.pacer.size + 1);
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

  const lanes = Array.from({ length: Math.max(1, range.lanes) }, lane);
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return stored;
}

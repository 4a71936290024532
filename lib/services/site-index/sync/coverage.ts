/** Which ids the index covers, read off the sync state: the backfill's range and the catch-up gaps. */
import { eq } from 'drizzle-orm';
import { syncState, type CatchUpRange, type SyncStateRow, type SyncStatus } from '../schema';
import type { Db } from '@/lib/infra/db/client';
import type { Tx } from '../store';

export function backfillDone(state: Pick<SyncStateRow, 'backfillCursor'>): boolean {
  return state.backfillCursor !== null && state.backfillCursor <= 1;
}

/** Catch-up ranges still to read, the newest first. */
export function openRanges(state: Pick<SyncStateRow, 'catchUp'>): CatchUpRange[] {
  return state.catchUp.filter((r) => r.cursor > r.floor).sort((a, b) => b.top - a.top);
}

/** Ids of new messages not read yet: how far the index is behind the site. */
export function idsBehind(state: Pick<SyncStateRow, 'catchUp'>): number {
  return openRanges(state).reduce((sum, r) => sum + (r.cursor - r.floor), 0);
}

/** The status between two steps of work: catching up first, then the backfill, then idle. */
export function restingStatus(state: Pick<SyncStateRow, 'catchUp' | 'backfillCursor'>): SyncStatus {
  if (openRanges(state).length > 0) return 'catching-up';
  return backfillDone(state) ? 'idle' : 'backfilling';
}

/** The state's coverage fields as committed, for a write that depends on them (inside the commit lane). */
export async function coverageIn(tx: Tx | Db, siteId: number) {
  const [row] = await tx
    .select({ catchUp: syncState.catchUp, backfillCursor: syncState.backfillCursor })
    .from(syncState)
    .where(eq(syncState.siteId, siteId));
  return row ?? { catchUp: [], backfillCursor: null };
}

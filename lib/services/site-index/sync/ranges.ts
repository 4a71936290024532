/** Reading messages by id from the site and turning the answer into a batch to store. */
import { getAdminMessagesByIds, type BmAdminMessage } from '@/lib/infra/better-messages';
import { toMessageRow, usersOf } from '../convert';
import type { StoreBatch } from '../store';
import type { SyncContext } from './context';

/** Ids re-asked this many at a time when an answer may have been cut by `max_input_vars`. */
const RECHECK_BATCH = 100;

export function idRange(lo: number, hi: number): number[] {
  const ids: number[] = [];
  for (let id = hi; id >= lo; id--) ids.push(id);
  return ids;
}

export function batchOf(siteId: number, rows: BmAdminMessage[], deletedIds: number[]): StoreBatch {
  const participantCounts = new Map<number, number>();
  for (const r of rows) {
    if (r.participants !== undefined) participantCounts.set(r.thread_id, r.participants);
  }
  return { siteId, rows: rows.map(toMessageRow), users: usersOf(rows), deletedIds, participantCounts };
}

/**
 * Every listed id that exists, plus the ids that do not (deleted). An id is declared deleted
 * only when a request small enough not to be cut says so.
 */
export async function fetchIds(
  ctx: SyncContext,
  ids: readonly number[],
): Promise<{ batch: StoreBatch; ms: number }> {
  const started = performance.now();
  const first = await getAdminMessagesByIds(ctx.client, ids);
  let rows = first.rows;
  let missing = first.missingIds;
  if (first.possiblyTruncated && missing.length > 0) {
    const stillMissing: number[] = [];
    for (let i = 0; i < missing.length; i += RECHECK_BATCH) {
      const part = missing.slice(i, i + RECHECK_BATCH);
      const again = await getAdminMessagesByIds(ctx.client, part);
      rows = rows.concat(again.rows);
      stillMissing.push(...again.missingIds);
    }
    missing = stillMissing;
  }
  return { batch: batchOf(ctx.siteId, rows, missing), ms: performance.now() - started };
}

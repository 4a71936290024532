/**
 * Incremental sync: ids above the highest known, the viewer's first page (approvals re-stamp a
 * message to "now", so they surface there), and the pending and reported lists when the site's
 * counters say they moved.
 */
import { and, eq, notInArray, or, sql } from 'drizzle-orm';
import { getAdminMessages, type BmAdminMessage } from '@/lib/infra/better-messages';
import { indexMessages, type SyncStateRow } from '../schema';
import { recountUsers, storeBatch, touchState, type StoreBatch } from '../store';
import { catchUpWorth, openCatchUp } from './catch-up';
import { loadFigures, noteWritten, type SyncContext } from './context';
import { backfillDone, openRanges } from './coverage';
import { findNewIds } from './newest';
import { batchOf, fetchIds, idRange } from './ranges';

const PER_PAGE = 20;

/** Stores a batch in the serial lane, noting it in what the pass wrote. */
async function commit(ctx: SyncContext, batch: StoreBatch, then?: Parameters<typeof storeBatch>[2]) {
  const stored = await ctx.serial(async () => {
    const result = await storeBatch(ctx.db, batch, then);
    if (ctx.written) noteWritten(ctx.written, batch, result.xid);
    return result;
  });
  return stored.senders;
}

async function storeRows(ctx: SyncContext, rows: BmAdminMessage[]) {
  if (rows.length === 0) return [];
  return commit(ctx, batchOf(ctx.siteId, rows, []));
}

/** Re-reads the given ids: updates what exists, removes what the site no longer has. */
export async function rereadIds(ctx: SyncContext, ids: readonly number[]): Promise<number[]> {
  const senders = new Set<number>();
  for (let i = 0; i < ids.length; i += ctx.pacer.size) {
    const answer = await fetchIds(ctx, ids.slice(i, i + ctx.pacer.size));
    ctx.pacer.answered(answer.ms);
    (await commit(ctx, answer.batch)).forEach((s) => senders.add(s));
  }
  return [...senders];
}

async function walkList(ctx: SyncContext, kind: 'pending' | 'reported'): Promise<number[]> {
  const listed: BmAdminMessage[] = [];
  for (let page = 1; ctx.running(); page++) {
    const answer = await getAdminMessages(ctx.client, { page, [kind]: true });
    listed.push(...answer.messages);
    if (answer.messages.length < PER_PAGE || page >= answer.pages) break;
  }
  const senders = await storeRows(ctx, listed);
  const m = indexMessages;
  const flagged =
    kind === 'pending'
      ? sql`${m.pending}`
      : or(sql`${m.reportCount} > 0`, sql`${m.aiFlagged} AND NOT ${m.pending}`);
  const ids = listed.map((r) => r.id);
  // Flagged in the index but not on the site's list: approved, dismissed or deleted since.
  const stale = await ctx.db
    .select({ id: m.id })
    .from(m)
    .where(and(eq(m.siteId, ctx.siteId), flagged, ids.length > 0 ? notInArray(m.id, ids) : undefined));
  const reread = await rereadIds(
    ctx,
    stale.map((s) => s.id),
  );
  return [...senders, ...reread];
}

async function indexFlagCounts(ctx: SyncContext) {
  const m = indexMessages;
  const [row] = await ctx.db
    .select({
      pending: sql<number>`(count(*) FILTER (WHERE ${m.pending}))::int`,
      reported: sql<number>`(count(*) FILTER (WHERE ${m.reportCount} > 0 OR (${m.aiFlagged} AND NOT ${m.pending})))::int`,
    })
    .from(m)
    .where(eq(m.siteId, ctx.siteId));
  return row ?? { pending: 0, reported: 0 };
}

/**
 * New messages, and the site's counters. `full` reads the viewer's first page: the top id past any
 * gap, approvals re-stamped to now, and the total. It costs a count of the whole messages table
 * (~1 s at a million rows), so between full passes a probe (the count narrowed, ~50 ms) finds
 * the newest id. A few new ids are walked up to here; more go to the lanes as a catch-up,
 * newest first. Returns whether a catch-up was opened.
 */
export async function incrementalPass(ctx: SyncContext, state: SyncStateRow, full = true): Promise<boolean> {
  // What this pass stores, for the hooks after it (the rules read their new messages from here).
  ctx.written = { rows: new Map(), xids: new Set() };
  const senders = new Set<number>();
  let highest = state.highestId ?? 0;
  let top: number;
  let site: { total: number | null; reported: number; pending: number };
  /** New rows, committed with the highest id they cover. */
  const storeAbove = async (batch: StoreBatch, coveredTo: number) => {
    const stored = await commit(ctx, batch, (tx) =>
      touchState(tx, ctx.siteId, { highestId: coveredTo, ...loadFigures(ctx) }),
    );
    stored.forEach((s) => senders.add(s));
    ctx.rate.add(batch.rows.length);
  };
  if (full) {
    const first = await getAdminMessages(ctx.client, {});
    (await storeRows(ctx, first.messages)).forEach((s) => senders.add(s));
    top = first.messages.reduce((max, r) => Math.max(max, r.id), highest);
    site = { total: first.total, reported: first.reported, pending: first.pending };
  } else {
    site = { total: null, reported: state.siteReported ?? 0, pending: state.sitePending ?? 0 };
    const found = await findNewIds(ctx, highest);
    if (found.siteCounts) site = { ...site, ...found.siteCounts };
    // Ids missing below the newest found are deleted or not yet committed; the rolling re-read
    // comes back for the latter.
    if (found.rows.length > 0) await storeAbove(batchOf(ctx.siteId, found.rows, []), found.coveredTo);
    highest = found.coveredTo;
    top = found.top;
  }
  const catchUp = catchUpWorth(ctx, top - highest) && ctx.running();
  if (catchUp) {
    await openCatchUp(ctx, highest + 1, top);
    highest = top;
  }
  while (highest < top && ctx.running()) {
    const lo = highest + 1;
    const hi = Math.min(top, highest + ctx.pacer.size);
    const answer = await fetchIds(ctx, idRange(lo, hi));
    ctx.pacer.answered(answer.ms);
    await storeAbove(answer.batch, hi);
    highest = hi;
  }

  // During backfill or catch-up the index is partial, so only a change of the site's own counter
  // says a list moved.
  const done = backfillDone(state) && !catchUp && openRanges(state).length === 0;
  const counts = done ? await indexFlagCounts(ctx) : null;
  const pendingMoved =
    site.pending !== state.sitePending || (counts !== null && counts.pending !== site.pending);
  const reportedMoved =
    site.reported !== state.siteReported || (counts !== null && counts.reported !== site.reported);
  if (pendingMoved) (await walkList(ctx, 'pending')).forEach((s) => senders.add(s));
  if (reportedMoved) (await walkList(ctx, 'reported')).forEach((s) => senders.add(s));

  await recountUsers(ctx.db, ctx.siteId, [...senders]);
  await touchState(ctx.db, ctx.siteId, {
    ...(site.total !== null ? { totalEstimate: site.total } : {}),
    siteReported: site.reported,
    sitePending: site.pending,
    lastIncrementalAt: new Date(),
    ...loadFigures(ctx),
  });
  return catchUp;
}

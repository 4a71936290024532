/**
 * Incremental sync: ids above the highest known, the viewer's first page (approvals re-stamp a
 * message to "now", so they surface there), and the pending and reported lists when the site's
 * counters say they moved.
 */
import { and, eq, notInArray, or, sql } from 'drizzle-orm';
import { getAdminMessages, type BmAdminMessage } from '@/lib/better-messages';
import { indexMessages, type SyncStateRow } from '../schema';
import { recountUsers, storeBatch, touchState } from '../store';
import { backfillDone } from './backfill';
import { loadFigures, type SyncContext } from './context';
import { batchOf, fetchIds, idRange } from './ranges';

const PER_PAGE = 20;

async function storeRows(ctx: SyncContext, rows: BmAdminMessage[]) {
  if (rows.length === 0) return [];
  const { senders } = await ctx.serial(() => storeBatch(ctx.db, batchOf(ctx.siteId, rows, [])));
  return senders;
}

/** Re-reads the given ids: updates what exists, removes what the site no longer has. */
export async function rereadIds(ctx: SyncContext, ids: readonly number[]): Promise<number[]> {
  const senders = new Set<number>();
  for (let i = 0; i < ids.length; i += ctx.pacer.size) {
    const answer = await fetchIds(ctx, ids.slice(i, i + ctx.pacer.size));
    ctx.pacer.answered(answer.ms);
    const result = await ctx.serial(() => storeBatch(ctx.db, answer.batch));
    result.senders.forEach((s) => senders.add(s));
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

export async function incrementalPass(ctx: SyncContext, state: SyncStateRow): Promise<void> {
  const first = await getAdminMessages(ctx.client, {});
  const senders = new Set(await storeRows(ctx, first.messages));
  const top = first.messages.reduce((max, r) => Math.max(max, r.id), 0);
  let highest = state.highestId ?? 0;
  while (highest < top && ctx.running()) {
    const lo = highest + 1;
    const hi = Math.min(top, highest + ctx.pacer.size);
    const answer = await fetchIds(ctx, idRange(lo, hi));
    ctx.pacer.answered(answer.ms);
    await ctx.serial(() =>
      storeBatch(ctx.db, answer.batch, (tx) =>
        touchState(tx, ctx.siteId, { highestId: hi, ...loadFigures(ctx) }),
      ),
    );
    answer.batch.rows.forEach((r) => senders.add(r.senderId));
    ctx.rate.add(answer.batch.rows.length);
    highest = hi;
  }

  // During backfill the index is partial, so only a change of the site's own counter says a list moved.
  const done = backfillDone(state);
  const counts = done ? await indexFlagCounts(ctx) : null;
  const pendingMoved =
    first.pending !== state.sitePending || (counts !== null && counts.pending !== first.pending);
  const reportedMoved =
    first.reported !== state.siteReported || (counts !== null && counts.reported !== first.reported);
  if (pendingMoved) (await walkList(ctx, 'pending')).forEach((s) => senders.add(s));
  if (reportedMoved) (await walkList(ctx, 'reported')).forEach((s) => senders.add(s));

  await recountUsers(ctx.db, ctx.siteId, [...senders]);
  await touchState(ctx.db, ctx.siteId, {
    totalEstimate: first.total,
    siteReported: first.reported,
    sitePending: first.pending,
    lastIncrementalAt: new Date(),
    ...loadFigures(ctx),
  });
}

/**
 * Where the site's newest id is, learnt cheaply. Every id-list answer of the viewer costs only
 * the ids that exist (primary-key lookups, the count narrowed), so one probe asks a window of
 * ids just above the highest known (new messages, also behind a run of deleted ids) and a
 * ladder of single ids beyond it, doubling in distance: a rung that answers means many new
 * ids, and a few calls of evenly spread ids then narrow the newest down, without walking the gap.
 */
import { getAdminMessagesByIds, type BmAdminMessage } from '@/lib/infra/better-messages';
import type { SyncContext } from './context';
import { idRange } from './ranges';

/** Ids asked one by one above the highest known, each probe. */
const NEW_ID_WINDOW = 1_000;
/** Ids per narrowing call between a rung that answered and the next that did not. */
const SPREAD = 100;
/** The ladder's farthest rung: ids are the site's auto-increment key, far below this above any known id. */
const LADDER_STEPS = 32;

export interface NewIds {
  /** The newest id found (the highest known when none). */
  top: number;
  /** Rows of the window, to store: every id up to `coveredTo` that exists is among them. */
  rows: BmAdminMessage[];
  coveredTo: number;
  siteCounts: { reported: number; pending: number } | null;
}

function ask(ctx: SyncContext, ids: readonly number[]) {
  // Empty answers remove nothing here (ids above the highest known), so one narrowed call is enough.
  return getAdminMessagesByIds(ctx.client, ids, { trustEmpty: true });
}

const maxId = (rows: readonly BmAdminMessage[], floor: number) =>
  rows.reduce((max, r) => Math.max(max, r.id), floor);

/** `n` ids spread evenly strictly between `lo` and `hi`. */
function spread(lo: number, hi: number, n: number): number[] {
  const ids = new Set<number>();
  for (let k = 1; k <= n; k++) ids.add(lo + Math.round((k * (hi - lo)) / (n + 1)));
  ids.delete(lo);
  ids.delete(hi);
  return [...ids].sort((a, b) => a - b);
}

/** The newest existing id in (lo, hi), given that `lo` exists (or is the highest known) and `hi` did not answer. */
async function narrow(ctx: SyncContext, lo: number, hi: number): Promise<number> {
  while (hi - lo > 1 && ctx.running()) {
    const dense = hi - lo - 1 <= SPREAD;
    const ids = dense ? idRange(lo + 1, hi - 1) : spread(lo, hi, SPREAD);
    const found = maxId((await ask(ctx, ids)).rows, lo);
    if (dense) return found;
    // Past the newest sample that answered, only up to the next sample: beyond it, deleted runs
    // aside, nothing exists (and a probe would find what does).
    hi = ids.find((id) => id > found) ?? hi;
    lo = found;
  }
  return lo;
}

export async function findNewIds(ctx: SyncContext, highest: number): Promise<NewIds> {
  const windowTop = highest + NEW_ID_WINDOW;
  const rungs = Array.from({ length: LADDER_STEPS }, (_, k) => windowTop + 2 ** k);
  const probe = await ask(ctx, [...idRange(highest + 1, windowTop), ...rungs]);
  const rows = probe.rows.filter((r) => r.id <= windowTop);
  const coveredTo = maxId(rows, highest);
  const answered = new Set(probe.rows.map((r) => r.id));
  const rung = rungs.findLastIndex((id) => answered.has(id));
  const top = rung < 0 ? coveredTo : await narrow(ctx, rungs[rung]!, rungs[rung + 1] ?? rungs[rung]! * 2);
  return { top, rows, coveredTo, siteCounts: probe.siteCounts };
}

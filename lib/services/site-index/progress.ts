/** Backfill and sync progress of a site, in the figures the progress page shows. */
import 'server-only';
import { getDb } from '@/lib/infra/db/client';
import { syncState } from './schema';
import { idsBehind, openRanges } from './sync/coverage';
import { readState } from './sync/context';

interface CatchUpProgress {
  /** New ids not read yet: how many messages the index is behind the site (deleted ones aside). */
  behind: number;
  idsCovered: number;
  idsTotal: number;
  percent: number;
  etaSeconds: number | null;
}

export interface SyncProgress {
  status: string;
  /** Ids from the backfill cursor to the highest id: all in the index (the catch-up aside). */
  idsCovered: number;
  idsTotal: number;
  percent: number;
  /** New messages found at once (after a stop, or a burst), read newest first; null when none. */
  catchUp: CatchUpProgress | null;
  messagesPerSecond: number | null;
  etaSeconds: number | null;
  callsPerMinute: number | null;
  avgAnswerMs: number | null;
  lastError: { kind: string | null; message: string; at: Date | null } | null;
  nextAttemptAt: Date | null;
  lastIncrementalAt: Date | null;
  backfillFinishedAt: Date | null;
}

const percentOf = (part: number, whole: number) =>
  whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;

export async function getSyncProgress(siteId: number): Promise<SyncProgress> {
  const s = await readState(await getDb(), siteId);
  const total = s.highestId ?? 0;
  const cursor = s.backfillCursor ?? total + 1;
  const covered = Math.max(0, Math.min(total, total - cursor + 1));
  const remaining = total - covered;
  // The site's message count over its id range: how many of the remaining ids still hold a message.
  const density = total > 0 && s.totalEstimate !== null ? Math.min(1, s.totalEstimate / total) : 1;
  const mps = s.messagesPerSecond;
  const ranges = openRanges(s);
  const rangeIds = ranges.reduce((sum, r) => sum + (r.top - r.floor + 1), 0);
  const behind = idsBehind(s);
  return {
    status: s.status,
    idsCovered: covered,
    idsTotal: total,
    percent: total === 0 ? (s.highestId === null ? 0 : 100) : percentOf(covered, total),
    catchUp:
      ranges.length === 0
        ? null
        : {
            behind,
            idsCovered: rangeIds - behind,
            idsTotal: rangeIds,
            percent: percentOf(rangeIds - behind, rangeIds),
            etaSeconds: mps ? Math.round(behind / mps) : null,
          },
    messagesPerSecond: mps,
    etaSeconds: remaining === 0 ? 0 : mps ? Math.round((remaining * density) / mps) : null,
    callsPerMinute: s.callsPerMinute,
    avgAnswerMs: s.avgAnswerMs,
    lastError: s.lastError ? { kind: s.lastErrorKind, message: s.lastError, at: s.lastErrorAt } : null,
    nextAttemptAt: s.nextAttemptAt,
    lastIncrementalAt: s.lastIncrementalAt,
    backfillFinishedAt: s.backfillFinishedAt,
  };
}

/** Sites whose index is catching up, and how many new messages behind each is. */
export async function getCatchUpLags(): Promise<Map<number, number>> {
  const db = await getDb();
  const rows = await db.select({ siteId: syncState.siteId, catchUp: syncState.catchUp }).from(syncState);
  return new Map(rows.map((r) => [r.siteId, idsBehind(r)] as const).filter(([, behind]) => behind > 0));
}

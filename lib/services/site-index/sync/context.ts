/** What every sync step works with: one site, its client, its pace, and a serial commit lane. */
import { eq } from 'drizzle-orm';
import type { BmClient } from '@/lib/infra/better-messages';
import type { Db } from '@/lib/infra/db/client';
import type { MessageRow } from '../convert';
import { syncState, type SyncStateRow } from '../schema';
import { BatchPacer, LoadMeter, RateMeter } from './load';

export interface SyncOptions {
  /** Threads whose details are read per loop turn. */
  threadDetailsPerTurn?: number;
  /** How often the incremental pass reads the viewer's first page (between them it probes new ids). */
  fullPassMs?: number;
  /** First backoff step after a failure (doubles per failure). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Wait after the site refused our credentials (someone must fix them). */
  authBackoffMs?: number;
  /** Idle loop tick: how soon an on-demand request or a lock loss is noticed. */
  tickMs?: number;
}

export interface SyncContext {
  db: Db;
  siteId: number;
  client: BmClient;
  meter: LoadMeter;
  pacer: BatchPacer;
  rate: RateMeter;
  options: Required<SyncOptions>;
  /** Commits run one at a time, so a cursor computed inside a commit sees only committed work. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** False once the syncer is told to stop: long steps check it between calls. */
  running(): boolean;
  /** What the last incremental pass stored (the rules take its new messages from here). */
  written?: PassWrites | null;
}

/**
 * The messages an incremental pass stored, each as its last store in the pass left it (deleted
 * ones removed), and the transactions that stored them: an indexed row whose `xmin` is one of
 * them is still as stored here (any later write is another transaction).
 */
export interface PassWrites {
  rows: Map<number, MessageRow>;
  xids: Set<number>;
}

/** Notes one committed store of the pass (in commit order: the serial lane's). */
export function noteWritten(
  written: PassWrites,
  batch: { rows: MessageRow[]; deletedIds: number[] },
  xid: number | null,
) {
  for (const id of batch.deletedIds) written.rows.delete(id);
  for (const r of batch.rows) written.rows.set(r.id, r);
  if (xid !== null) written.xids.add(xid);
}

export const DEFAULT_SYNC_OPTIONS: Required<SyncOptions> = {
  threadDetailsPerTurn: 100,
  fullPassMs: 5 * 60_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  authBackoffMs: 10 * 60_000,
  tickMs: 1_000,
};

export function serialLane(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function readState(db: Db, siteId: number): Promise<SyncStateRow> {
  await db.insert(syncState).values({ siteId }).onConflictDoNothing();
  const [row] = await db.select().from(syncState).where(eq(syncState.siteId, siteId));
  return row!;
}

/** Load figures to store with any state write. */
export function loadFigures(ctx: SyncContext) {
  return {
    callsPerMinute: ctx.meter.callsPerMinute(),
    avgAnswerMs: ctx.meter.avgAnswerMs,
    messagesPerSecond: ctx.rate.perSecond(),
    batchSize: ctx.pacer.size,
  };
}

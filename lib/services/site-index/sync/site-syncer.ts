/**
 * One site's sync loop: backfill, incremental every `interval_seconds` (or on request),
 * thread details, and the rolling re-read. A failure never undoes committed work: the loop
 * records why on sync_state, waits, and carries on from the committed cursors.
 */
import 'server-only';
import type { BmClient } from '@/lib/infra/better-messages';
import type { Db } from '@/lib/infra/db/client';
import type { SyncStateRow } from '../schema';
import { recountUsers, touchState } from '../store';
import { limitedClient, SiteLimiter } from '@/lib/services/sites/site-limiter';
import { backfillRun, startBackfill } from './backfill';
import { catchUpRun } from './catch-up';
import {
  DEFAULT_SYNC_OPTIONS,
  loadFigures,
  readState,
  serialLane,
  type SyncContext,
  type SyncOptions,
} from './context';
import { openRanges, restingStatus } from './coverage';
import { describeFault } from './faults';
import { vacuumIndex, VacuumClock } from './maintenance';
import { recordQueueSnapshot } from '@/lib/services/queues/snapshots';
import { incrementalPass } from './incremental';
import { BatchPacer, LoadMeter, meteredClient, RateMeter } from './load';
import { ReconcileClock, reconcileAll, reconcileTurn } from './reconcile';
import { runSyncHooks } from './hooks';
import { threadDetailsTurn } from './threads';

const USER_RECOUNT_MS = 60_000;
/** Thread details read per loop turn while the backfill runs (a turn ends with a `tickMs` pause). */
const BACKFILL_DETAILS_PER_TURN = 5;

export interface SiteSyncerInput {
  db: Db;
  siteId: number;
  client: BmClient;
  options?: SyncOptions;
  /** Called each turn; false means the lock was lost and the loop must stop. */
  stillOwner?: () => Promise<boolean>;
  owner?: string;
  /** The site's slots, when shared with other callers in this process; a private one otherwise. */
  limiter?: SiteLimiter;
}

/** BMDESK_SYNC_INTERVAL_SECONDS: how often every site's new messages are read (else each site's own). */
export function syncIntervalSeconds(): number | null {
  const n = Number(process.env.BMDESK_SYNC_INTERVAL_SECONDS);
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 3600) : null;
}

export class SiteSyncer {
  readonly ctx: SyncContext;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private reconcileClock = new ReconcileClock();
  private lastUserRecount = Date.now();
  private usersDirty = false;
  /** Every call of this syncer waits for one of the site's `concurrency` slots. */
  private readonly limiter: SiteLimiter;
  /**
   * The lanes (a catch-up, else the backfill), running beside the loop's turns; their failure
   * surfaces at the next turn. `yield` winds them down for a newer catch-up range.
   */
  private pump: { done: Promise<void>; finished: boolean; error: unknown; yield: boolean } | null = null;
  private lastFullPass = 0;
  private readonly vacuum = new VacuumClock();

  constructor(private readonly input: SiteSyncerInput) {
    const meter = new LoadMeter();
    this.limiter = input.limiter ?? new SiteLimiter(2);
    const options = { ...DEFAULT_SYNC_OPTIONS, ...input.options };
    this.ctx = {
      db: input.db,
      siteId: input.siteId,
      // Metered inside the limiter: answer times are the site's, not our queue's.
      client: limitedClient(meteredClient(input.client, meter), this.limiter),
      meter,
      pacer: new BatchPacer(),
      rate: new RateMeter(),
      options,
      serial: serialLane(),
      running: () => !this.stopped,
    };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Settles when the loop ends: stopped, or the lock was lost. */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** Stops after the call in flight; committed work stays. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Runs one incremental pass at the next turn. */
  poke(): void {
    this.forceIncremental = true;
    this.wake?.();
  }

  private forceIncremental = false;
  /** A process that starts cannot know what came while it was down: its first turn looks at once. */
  private justStarted = true;

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    const { db, siteId } = this.ctx;
    await touchState(db, siteId, {}).catch(() => undefined);
    while (!this.stopped) {
      if (this.input.stillOwner && !(await this.input.stillOwner().catch(() => false))) break;
      let state: SyncStateRow;
      try {
        state = await readState(db, siteId);
      } catch {
        await this.sleep(this.ctx.options.tickMs);
        continue;
      }
      const requested =
        state.syncRequestedAt !== null &&
        (state.lastIncrementalAt === null || state.syncRequestedAt > state.lastIncrementalAt);
      if (
        state.nextAttemptAt &&
        state.nextAttemptAt.getTime() > Date.now() &&
        !requested &&
        !this.forceIncremental
      ) {
        await this.sleep(Math.min(this.ctx.options.tickMs, state.nextAttemptAt.getTime() - Date.now()));
        continue;
      }
      try {
        const worked = await this.turn(state, requested);
        if (
          state.failures > 0 ||
          state.status === 'backing-off' ||
          state.status === 'error' ||
          state.status === 'new'
        ) {
          const fresh = await readState(db, siteId);
          await touchState(db, siteId, {
            failures: 0,
            nextAttemptAt: null,
            status: restingStatus(fresh),
          });
        }
        await touchState(db, siteId, {
          owner: this.input.owner ?? null,
          heartbeatAt: new Date(),
          ...loadFigures(this.ctx),
        });
        if (!worked) await this.sleep(this.ctx.options.tickMs);
      } catch (error) {
        if (this.stopped) break;
        this.ctx.pacer.failed();
        const fault = describeFault(error, state.failures, this.ctx.options);
        await touchState(db, siteId, {
          status: fault.needsPerson ? 'error' : 'backing-off',
          lastError: fault.message,
          lastErrorKind: fault.kind,
          lastErrorAt: new Date(),
          failures: state.failures + 1,
          nextAttemptAt: new Date(Date.now() + fault.waitMs),
          ...loadFigures(this.ctx),
        }).catch(() => undefined);
      }
    }
    await this.pump?.done;
  }

  /** Starts the lanes beside the loop (the newest catch-up range first), or reports how the last run ended. */
  private async tendPump(): Promise<void> {
    if (this.pump?.finished) {
      const ended = this.pump;
      this.pump = null;
      if (ended.error) throw ended.error;
    }
    if (this.pump) return;
    const state = await readState(this.ctx.db, this.ctx.siteId);
    if (restingStatus(state) === 'idle') return;
    const pump = { finished: false, error: null as unknown, done: Promise.resolve(), yield: false };
    const onStored = (rows: number) => {
      this.usersDirty = true;
      this.vacuum.add(rows);
    };
    const yieldNow = () => pump.yield;
    const run =
      openRanges(state).length > 0
        ? catchUpRun(this.ctx, state, onStored, yieldNow)
        : backfillRun(this.ctx, state, onStored, yieldNow);
    pump.done = run
      .then(
        () => undefined,
        (error: unknown) => {
          pump.error = error;
        },
      )
      .finally(() => {
        pump.finished = true;
        this.wake?.();
      });
    this.pump = pump;
  }

  /** One turn of work; false when there was nothing to do. */
  private async turn(state: SyncStateRow, requested: boolean): Promise<boolean> {
    const ctx = this.ctx;
    if (state.highestId === null) {
      await startBackfill(ctx);
      this.justStarted = false;
      return true;
    }
    let worked = false;
    this.limiter.limit = Math.max(1, state.concurrency);
    const interval = Math.max(1, syncIntervalSeconds() ?? state.intervalSeconds) * 1000;
    const due =
      this.justStarted ||
      state.lastIncrementalAt === null ||
      Date.now() - state.lastIncrementalAt.getTime() >= interval;
    this.justStarted = false;
    let nextDue = (state.lastIncrementalAt?.getTime() ?? 0) + interval;
    if (due || requested || this.forceIncremental) {
      const full =
        requested || this.forceIncremental || Date.now() - this.lastFullPass >= ctx.options.fullPassMs;
      this.forceIncremental = false;
      nextDue = Date.now() + interval;
      const opened = await incrementalPass(ctx, state, full);
      await runSyncHooks('afterIncremental', ctx);
      // A new range holds the newest messages: the lanes leave what they read for it.
      if (opened && this.pump) this.pump.yield = true;
      if (full) this.lastFullPass = Date.now();
      // The queues over time: the pending and reported lists were just read in full.
      await recordQueueSnapshot(ctx.db, ctx.siteId).catch((e: Error) =>
        console.error(`[sync] site ${ctx.siteId}: queue snapshot failed: ${e.message}`),
      );
      worked = true;
    }
    await this.tendPump();
    // While the lanes run, messages come first: details trickle through one lane, a few a
    // turn (the newest threads first, so the first page of the desk has its subjects), and the
    // rest follow at full pace once every message is in.
    const backfilling = this.pump !== null;
    const details = (
      backfilling
        ? await threadDetailsTurn(ctx, BACKFILL_DETAILS_PER_TURN, 1, nextDue)
        : await threadDetailsTurn(ctx, ctx.options.threadDetailsPerTurn, state.concurrency, nextDue)
    ).length;
    await runSyncHooks('everyTurn', ctx);
    worked ||= details > 0 && !backfilling;
    this.vacuum.add(details);
    if (this.vacuum.due) {
      this.vacuum.reset();
      await vacuumIndex(ctx.db, 'periodic', ctx.siteId);
    }
    const fresh = await readState(ctx.db, ctx.siteId);
    const complete = restingStatus(fresh) === 'idle';
    if (complete) {
      const reread = await reconcileTurn(ctx, fresh, this.reconcileClock);
      worked ||= reread > 0;
    }
    if (this.usersDirty && (complete || Date.now() - this.lastUserRecount > USER_RECOUNT_MS)) {
      await recountUsers(ctx.db, ctx.siteId);
      this.lastUserRecount = Date.now();
      this.usersDirty = false;
    }
    return worked;
  }

  /** A full re-read of the covered range now (tests, and "re-check everything" in the UI). */
  async reconcileNow(): Promise<number> {
    const state = await readState(this.ctx.db, this.ctx.siteId);
    const read = await reconcileAll(this.ctx, state);
    await recountUsers(this.ctx.db, this.ctx.siteId);
    return read;
  }
}

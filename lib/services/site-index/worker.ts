/**
 * The sync workers of one process: every connected site gets a syncer when this process wins
 * its lock; sites held elsewhere are tried again, so a process takes over when another stops.
 * The app starts them from instrumentation.ts (never during `next build`).
 */
import 'server-only';
import os from 'node:os';
import type { BmClient } from '@/lib/infra/better-messages';
import { outsideActionScope } from '@/lib/infra/actions/action-scope';
import { getDb } from '@/lib/infra/db/client';
import { ImageHashLoop } from '@/lib/services/care/hashing';
import { registerPolicySyncHooks } from '@/lib/services/policy/sync-hooks';
import { registerDecisionSyncHooks } from '@/lib/services/decisions/sync-hooks';
import { registerContentOkSyncHooks } from '@/lib/services/decisions/content-ok';
import { registerRulesSyncHooks } from '@/lib/services/rules/pass';
import { findOpenSite } from '@/lib/services/sites/open-site';
import { listSites } from '@/lib/services/sites/queries';
import { siteLimiter, type SiteLimiter } from '@/lib/services/sites/site-limiter';
import { tryLockSite, type SiteLock } from './lock';
import type { SyncOptions } from './sync/context';
import { SiteSyncer } from './sync/site-syncer';

export interface SyncWorkerOptions {
  /** How often the site list is read and free locks are tried. */
  scanMs?: number;
  sync?: SyncOptions;
  /** Which sites to sync; all connected sites by default. */
  siteIds?: () => Promise<number[]>;
  clientFor?: (siteId: number) => Promise<BmClient | null>;
  /** The image hashing beside each syncer ("seen before"); false turns it off. */
  hashing?: { everyMs?: number; limit?: number } | false;
}

/**
 * The site opened for a syncer that runs for hours: not inside any action, so it opens on its
 * own, once per syncer; the rest mode its client learns is stored for every later opening.
 */
async function openForSync(siteId: number): Promise<{ client: BmClient; limiter: SiteLimiter } | null> {
  const site = await findOpenSite(siteId);
  if (!site) return null;
  // Long reads are normal at scale (500 ids ≈ 2 s on a busy site); retries stay few: the loop
  // backs off itself. The syncer meters its client inside the site's limiter itself.
  return {
    client: site.clientWith({ timeoutMs: 60_000, maxRetries: 2, limited: false }),
    limiter: site.limiter,
  };
}

async function injected(
  clientFor: (siteId: number) => Promise<BmClient | null>,
  siteId: number,
): Promise<{ client: BmClient; limiter: SiteLimiter } | null> {
  const client = await clientFor(siteId);
  return client && { client, limiter: await siteLimiter(siteId) };
}

async function defaultSiteIds(): Promise<number[]> {
  return (await listSites()).map((s) => s.id);
}

type Entry = { syncer: SiteSyncer; hasher: ImageHashLoop | null; lock: SiteLock; done: Promise<void> };

export class SyncWorker {
  readonly name = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 6)}`;
  private readonly running = new Map<number, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: SyncWorkerOptions = {}) {}

  start(): void {
    this.stopped = false;
    outsideActionScope(() => {
      void this.scan();
      this.timer = setInterval(() => void this.scan(), this.options.scanMs ?? 30_000);
    });
    this.timer?.unref();
  }

  /** Site ids this worker syncs now. */
  get siteIds(): number[] {
    return [...this.running.keys()];
  }

  syncerFor(siteId: number): SiteSyncer | undefined {
    return this.running.get(siteId)?.syncer;
  }

  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    if (this.stopped) return;
    let wanted: number[];
    try {
      wanted = await (this.options.siteIds ?? defaultSiteIds)();
    } catch (error) {
      console.error(`[bmdesk] sync worker cannot list sites: ${(error as Error).message}`);
      return;
    }
    for (const [siteId, entry] of this.running) {
      if (!wanted.includes(siteId)) await this.stopSite(siteId, entry);
    }
    for (const siteId of wanted) {
      if (this.running.has(siteId) || this.stopped) continue;
      try {
        await this.startSite(siteId);
      } catch (error) {
        console.error(`[bmdesk] sync of site ${siteId} not started: ${(error as Error).message}`);
      }
    }
  }

  private async startSite(siteId: number): Promise<void> {
    const lock = await tryLockSite(siteId);
    if (!lock) return;
    const clientFor = this.options.clientFor;
    const opened = await (clientFor ? injected(clientFor, siteId) : openForSync(siteId)).catch(
      async (error: unknown) => {
        await lock.release();
        throw error;
      },
    );
    if (!opened || this.stopped) {
      await lock.release();
      return;
    }
    const syncer = new SiteSyncer({
      db: await getDb(),
      siteId,
      client: opened.client,
      options: this.options.sync,
      stillOwner: () => lock.alive(),
      owner: this.name,
      // The process's slots for this site, shared with the jobs (ban everywhere…) run from it.
      limiter: opened.limiter,
    });
    syncer.start();
    // Hashing goes in the sync's stride: only where this process holds the site's lock.
    const hashing = this.options.hashing;
    const hasher =
      hashing === false
        ? null
        : new ImageHashLoop(siteId, { everyMs: this.options.sync?.tickMs, ...hashing });
    hasher?.start();
    // When the loop ends on its own (lock lost), free the slot so the next scan may try again.
    const entry: Entry = { syncer, hasher, lock, done: Promise.resolve() };
    this.running.set(siteId, entry);
    entry.done = syncer.finished().then(async () => {
      await hasher?.stop();
      if (this.running.get(siteId) === entry) this.running.delete(siteId);
      await lock.release();
    });
  }

  private async stopSite(siteId: number, entry: Entry) {
    await Promise.all([entry.syncer.stop(), entry.hasher?.stop()]);
    await entry.done;
    await entry.lock.release();
    this.running.delete(siteId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    await Promise.all([...this.running].map(([siteId, entry]) => this.stopSite(siteId, entry)));
  }
}

const globalForWorkers = globalThis as unknown as { __bmdeskSyncWorker?: SyncWorker };

/** Starts this process's sync workers once (safe to call again); never during `next build`. */
export function startSyncWorkers(options?: SyncWorkerOptions): SyncWorker | null {
  if (process.env.NEXT_PHASE === 'phase-production-build') return null;
  if (!globalForWorkers.__bmdeskSyncWorker) {
    registerPolicySyncHooks();
    // Before the rules: a marked message's new reports are dismissed, never a rule's trigger.
    registerContentOkSyncHooks();
    registerRulesSyncHooks();
    // Appeals: members' answers to decision notices; notices left pending.
    registerDecisionSyncHooks();
    globalForWorkers.__bmdeskSyncWorker = new SyncWorker(options);
    globalForWorkers.__bmdeskSyncWorker.start();
  }
  return globalForWorkers.__bmdeskSyncWorker;
}

export async function stopSyncWorkers(): Promise<void> {
  const worker = globalForWorkers.__bmdeskSyncWorker;
  globalForWorkers.__bmdeskSyncWorker = undefined;
  await worker?.stop();
}

/** This process's syncer of a site, if it holds the site's lock. */
export function localSyncer(siteId: number): SiteSyncer | undefined {
  return globalForWorkers.__bmdeskSyncWorker?.syncerFor(siteId);
}

/**
 * The durable jobs' runner: it claims items from the database, runs them through their kind, and
 * writes each item's end. One per server process (`startJobRunner`, from instrumentation.ts);
 * tests and the benchmark make their own.
 *
 * Why no queue library: graphile-worker (≤0.17) and pg-boss 10 need a real PostgreSQL server
 * connection (LISTEN/NOTIFY, their own schema and connection pool) and do not run on the
 * embedded PGlite that BM Desk uses by default. The database's own row locking does the job on
 * both:
 *
 * - Claim: `UPDATE job_items … WHERE (job_id, seq) IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)`
 *   sets the item 'running', `locked_by` = host:pid:random (this runner), `locked_until` = now +
 *   lease, attempts + 1. Two processes on one PostgreSQL never claim the same item; on PGlite
 *   there is one process and the same SQL works.
 * - Lease: renewed every lease/3 while the runner is alive. An item whose lease ran out was left by
 *   a runner that died (kill -9, a restart): it is claimable again, and its kind's `verify` asks
 *   the site whether the call already took effect before calling again, so a ban is sent once.
 *   The lease is short (15 s) so a job resumes soon after a crash; a new runner on the same host
 *   also checks at once whether the process that holds a lease is still alive (same host name,
 *   pid gone or reused by itself) and takes those items without waiting for the lease. This
 *   assumes distinct host names for processes in distinct pid namespaces (containers have).
 * - Per-site limit: within one process every call goes through the site's limiter (shared with
 *   the sync and with every job). Across processes on PostgreSQL, a claim for a site takes a
 *   transaction advisory lock for that site and claims at most (site concurrency − items of that
 *   site running under a live lease, anyone's), so all processes together keep no more than the
 *   site's concurrency of items in flight. On PGlite (one process) the same count is kept in
 *   memory, without the lock and the count query.
 * - Ends: done, gone (the thread no longer exists: not an error, never retried), failed (the
 *   site's words in `error`; a retry sets it back to pending and the job to 'queued', which the
 *   runner picks up like any open job). A job whose items all ended becomes 'done'. Items of a
 *   cancelled job are no longer claimed; the ones in flight finish and are written as they end.
 * - Wake: `startJob` in this process wakes the runner at once; items started by other processes
 *   are found by polling (every 1.5 s), and each item that ends wakes a claim for its site.
 */
import 'server-only';
import crypto from 'node:crypto';
import os from 'node:os';
import { eq, sql, type SQL } from 'drizzle-orm';
import { classifyError } from '@/lib/infra/actions/classify-error';
import { getDb, getHandle, JOB_RUNNER_APP_PREFIX, type Db } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import { openSite, type OpenedSite } from '@/lib/services/sites/open-site';
import { getSiteConcurrency } from '@/lib/services/sites/site-limiter';
import type { JobContext, JobItemRef, JobKind, JobMember } from './kind';
import { jobKind } from './kinds';
import { jobs } from './schema';
import { setCancelListener, setWaker } from './wake';
import { flushWriteBehind } from './write-behind';

export interface RunnerOptions {
  /** How long a claim holds without renewal. Default 15 s. */
  leaseMs?: number;
  /** How often to look for work started elsewhere (and leases run out). Default 1.5 s. */
  pollMs?: number;
  /** Most items claimed per site in one claim. Default 16 (the concurrency caps it first). */
  maxClaim?: number;
  /** Be the one `startJob` of this process wakes. Default true. */
  wakeable?: boolean;
  /** Defaults to host:pid:random. */
  id?: string;
  /**
   * Only the jobs of these sites (default: every site). Tests that share one PostgreSQL database
   * between files running side by side keep their runners to their own site with it.
   */
  siteIds?: readonly number[];
}

/** Most verifications of an item whose call may have been made before giving up on it. */
const MAX_UNVERIFIED_ATTEMPTS = 5;
/** When the site could not answer a verification: wait before asking again. */
const VERIFY_RETRY_MS = 3_000;
/** Advisory lock class for the per-site claim (any fixed number; the site id is the second key). */
const CLAIM_LOCK = 72_170_017;
/** Items claimed ahead of the site's concurrency on PGlite, and the least a claim round takes. */
const CLAIM_AHEAD = 12;
/** Longest an item's end waits, unwritten, for the next claim round. */
const ENDS_WAIT_MS = 500;
/** How long an opened site (its row, its unsealed password) is reused between claims. */
const SITE_TTL_MS = 30_000;

interface Claimed extends JobItemRef {
  jobId: number;
  siteId: number;
  /** What it was when claimed: 'running' means a dead runner left it, maybe after the call. */
  was: 'pending' | 'running';
  attempts: number;
  /** Its slot given back (PGlite's in-memory count). */
  letGo?: boolean;
  /** Started: past the runner's gate for its site (PGlite's claimed-ahead items wait there). */
  entered?: boolean;
}

interface ItemEnd {
  jobId: number;
  seq: number;
  status: 'done' | 'gone' | 'failed' | 'cancelled';
  code: string | null;
  error: string | null;
}

interface JobInfo {
  kind: JobKind<unknown> | undefined;
  params: unknown;
  paramsError: string | null;
  member: JobMember | null;
}

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? (result as Row[]) : ((result as { rows: Row[] }).rows ?? []);

export function runnerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
}

export class JobRunner {
  readonly id: string;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly maxClaim: number;
  private readonly wakeable: boolean;
  private readonly onlySites: ReadonlySet<number> | null;
  private active = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly jobInfo = new Map<number, Promise<JobInfo>>();
  private readonly sites = new Map<number, { at: number; site: Promise<OpenedSite> }>();
  private timers: NodeJS.Timeout[] = [];
  /** Claims run one at a time; a wake during a claim asks for another round after it. */
  private claiming: Promise<void> | null = null;
  private wanted: Set<number> | 'all' | null = null;
  /** Items ended and not yet written: written together at the start of the next claim round. */
  private ends: ItemEnd[] = [];
  /** When the oldest unwritten end came: ends wait for a claim round at most ENDS_WAIT_MS. */
  private endsSince = 0;
  private endsTimer: NodeJS.Timeout | null = null;
  /** Items claimed per site and not yet ended; the site's concurrency as last read (PGlite). */
  private readonly holding = new Map<number, number>();
  private readonly limits = new Map<number, { at: number; n: number }>();
  /** Items this runner ended, by end: for tests and the benchmark. */
  readonly ended = { done: 0, gone: 0, failed: 0, cancelled: 0, verified: 0 };
  /** Jobs cancelled in this process since the runner started (their claimed-ahead items stop). */
  private readonly cancelledJobs = new Set<number>();
  /** Per site: items started and not yet back from the site, and the items waiting to start. */
  private readonly gates = new Map<number, { active: number; waiting: (() => void)[] }>();

  constructor(options: RunnerOptions = {}) {
    this.id = options.id ?? runnerId();
    this.leaseMs = options.leaseMs ?? 15_000;
    this.pollMs = options.pollMs ?? 1_500;
    this.maxClaim = options.maxClaim ?? 16;
    this.wakeable = options.wakeable ?? true;
    this.onlySites = options.siteIds ? new Set(options.siteIds) : null;
  }

  get running(): boolean {
    return this.active;
  }

  /** Items claimed by this runner and not yet ended. */
  get busy(): number {
    return this.inFlight.size;
  }

  start(): this {
    if (this.active) return this;
    this.active = true;
    if (this.wakeable) {
      setWaker(() => this.wake());
      setCancelListener((jobId) => {
        this.cancelledJobs.add(jobId);
        for (const gate of this.gates.values()) gate.waiting.splice(0).forEach((go) => go());
      });
    }
    const poll = setInterval(() => {
      void this.takeOverDead()
        .catch((e: Error) => console.error(`[jobs] looking for dead runners failed: ${e.message}`))
        .then(() => this.wake());
    }, this.pollMs);
    const renew = setInterval(() => void this.renew(), Math.max(500, Math.floor(this.leaseMs / 3)));
    poll.unref();
    renew.unref();
    this.timers = [poll, renew];
    void this.takeOverDead()
      .catch((e: Error) => console.error(`[jobs] looking for dead runners failed: ${e.message}`))
      .then(() => this.wake());
    return this;
  }

  /**
   * Stops claiming, and waits for the items in flight to end (their leases renewed meanwhile).
   * What is left pending is for the next runner.
   */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    if (this.wakeable) {
      setWaker(undefined);
      setCancelListener(undefined);
    }
    await this.claiming;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.claiming;
    const ends = this.ends.splice(0);
    if (ends.length > 0) {
      await this.writeEnds(ends);
      const jobIds = [...new Set(ends.map((e) => e.jobId))];
      await this.finishJobs(sql`id in (${sql.join(jobIds, sql`, `)})`);
    }
    for (const t of this.timers) clearInterval(t);
    if (this.endsTimer) clearTimeout(this.endsTimer);
    this.endsTimer = null;
    this.timers = [];
  }

  /** Claims for one site (an item of it just ended) or for every site with open jobs. */
  wake(siteId?: number): void {
    if (!this.active) return;
    if (siteId !== undefined && this.onlySites && !this.onlySites.has(siteId)) return;
    const wanted = this.wanted;
    if (siteId === undefined || wanted === 'all') this.wanted = 'all';
    else this.wanted = new Set(wanted ?? []).add(siteId);
    if (this.claiming) return;
    this.claiming = (async () => {
      while (this.active && this.wanted) {
        const wanted = this.wanted;
        this.wanted = null;
        try {
          // Progress stays fresh for the tray when claim rounds are far apart (a slow site).
          if (this.ends.length > 0 && Date.now() - this.endsSince >= ENDS_WAIT_MS) {
            await this.writeEnds(this.ends.splice(0));
          }
          const siteIds = wanted === 'all' ? await this.openSites() : [...wanted];
          for (const id of siteIds) if (this.active) await this.claimFor(id);
        } catch (e) {
          console.error(`[jobs] claim failed: ${(e as Error).message}`);
        }
      }
      this.claiming = null;
    })();
  }

  /** Resolves once nothing is claimable for now and nothing is in flight (tests). */
  async idle(): Promise<void> {
    for (;;) {
      await this.claiming;
      if (this.inFlight.size === 0 && !this.claiming) return;
      await Promise.race([...this.inFlight]);
    }
  }

  private async openSites(): Promise<number[]> {
    const db = await getDb();
    const rows = await db
      .selectDistinct({ siteId: jobs.siteId })
      .from(jobs)
      .where(sql`${jobs.status} in ('queued', 'running')`);
    return rows.map((r) => r.siteId).filter((id) => !this.onlySites || this.onlySites.has(id));
  }

  private async claimFor(siteId: number): Promise<void> {
    const { db, kind } = await getHandle();
    if (kind !== 'pglite') await this.writeEnds(this.ends.splice(0));
    const claimed =
      kind === 'pglite'
        ? await this.claimAlone(db, siteId)
        : await db.transaction(async (tx) => {
            // One claim per site at a time across processes: the count stays true until commit.
            await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK}::int, ${siteId}::int)`);
            const [row] = rowsOf(
              await tx.execute(sql`
                select
                  coalesce((select concurrency from site_index_sync_state where site_id = ${siteId}), 2) as limit,
                  (select count(*) from job_items i join jobs j on j.id = i.job_id
                    where j.site_id = ${siteId} and i.status = 'running' and i.locked_until > now()) as busy,
                  (select count(distinct application_name) from pg_stat_activity
                    where application_name like ${`${JOB_RUNNER_APP_PREFIX}%`}) as runners`),
            );
            // Each process takes at most its share of the site's slots, so a quick one does not
            // take every slot as it frees and leave the others idle.
            const limit = Math.max(1, Number(row!.limit));
            const share = Math.ceil(limit / Math.max(1, Number(row!.runners)));
            const free = Math.min(
              this.maxClaim,
              limit - Number(row!.busy),
              share - (this.holding.get(siteId) ?? 0),
            );
            return this.claimIn(tx, siteId, free);
          });
    this.holding.set(siteId, (this.holding.get(siteId) ?? 0) + claimed.length);
    await this.prepare(claimed);
    for (const item of claimed) {
      const p: Promise<void> = this.process(item)
        .catch((e: Error) => console.error(`[jobs] item ${item.jobId}/${item.seq}: ${e.message}`))
        .finally(() => {
          this.inFlight.delete(p);
          this.letGo(item);
        });
      this.inFlight.add(p);
    }
  }

  /**
   * On PGlite this process is the only one with the database: the site's slots are counted in
   * memory (items this runner holds for the site) instead of under an advisory lock, which saves
   * four round trips a claim, and items are claimed one concurrency ahead. The site's
   * concurrency is read at most every 2 s.
   */
  private async claimAlone(db: Db, siteId: number): Promise<Claimed[]> {
    let limit = this.limits.get(siteId);
    if (!limit || Date.now() - limit.at > 2_000) {
      limit = { at: Date.now(), n: await getSiteConcurrency(siteId) };
      this.limits.set(siteId, limit);
    }
    // Claimed ahead: up to as many items again wait at the site's limiter with their intent on
    // record, so a call that comes back hands its slot to the next item at once instead of
    // after a claim round and an audit write. The limiter, not the claim, keeps the calls in
    // flight within the concurrency (one process: nobody else counts these items).
    // A claim round (and the ends written before it) for at least a concurrency's worth of
    // items, not one per call that comes back: fewer statements on the one thread.
    const holding = this.holding.get(siteId) ?? 0;
    const ahead = Math.max(limit.n, CLAIM_AHEAD);
    const free = Math.min(this.maxClaim, limit.n + ahead - holding);
    if (holding > 0 && free < ahead) return [];
    await this.writeEnds(this.ends.splice(0));
    return this.claimIn(db, siteId, free);
  }

  private async claimIn(db: Pick<Db, 'execute'>, siteId: number, free: number): Promise<Claimed[]> {
    if (free <= 0) return [];
    const lease = `${this.leaseMs} milliseconds`;
    const rows = rowsOf(
      await db.execute(sql`
        with picked as (
          select i.job_id, i.seq, i.status as was, j.status as job_status
          from job_items i join jobs j on j.id = i.job_id
          where j.site_id = ${siteId} and j.status in ('queued', 'running')
            and i.status in ('pending', 'running')
            and (i.locked_until is null or i.locked_until < now())
          order by i.job_id, i.seq
          limit ${free}
          for update of i skip locked
        )
        update job_items t
        set status = 'running', locked_by = ${this.id}, locked_until = now() + ${lease}::interval,
            attempts = t.attempts + 1
        from picked
        where t.job_id = picked.job_id and t.seq = picked.seq
        returning t.job_id, t.seq, t.key, t.label, t.attempts, picked.was, picked.job_status`),
    );
    const queued = rows.filter((r) => r.job_status === 'queued');
    if (queued.length > 0) {
      const jobIds = [...new Set(queued.map((r) => Number(r.job_id)))];
      await db.execute(sql`
        update jobs set status = 'running', started_at = coalesce(started_at, now()), finished_at = null
        where status = 'queued' and id in (${sql.join(jobIds, sql`, `)})`);
    }
    // Nothing more to claim for now: a job of the site may have just ended.
    if (rows.length < free) await this.finishJobs(sql`site_id = ${siteId}`, db);
    return rows.map((r): Claimed => ({
      jobId: Number(r.job_id),
      seq: Number(r.seq),
      key: String(r.key),
      label: String(r.label),
      attempts: Number(r.attempts),
      was: r.was === 'running' ? 'running' : 'pending',
      siteId,
    }));
  }

  /** Lets each job's kind get ready for its newly claimed items at once (their audit intents). */
  private async prepare(claimed: Claimed[]): Promise<void> {
    const byJob = new Map<number, Claimed[]>();
    for (const item of claimed) {
      if (item.was !== 'pending') continue;
      byJob.set(item.jobId, [...(byJob.get(item.jobId) ?? []), item]);
    }
    for (const [jobId, items] of byJob) {
      try {
        const info = await this.info(jobId);
        if (!info.kind?.prepare || info.paramsError) continue;
        const first = items[0]!;
        const site = await this.site(first.siteId);
        await info.kind.prepare(
          { jobId, siteId: first.siteId, params: info.params, member: info.member, site },
          items.map((i) => ({ seq: i.seq, key: i.key, label: i.label })),
        );
      } catch (e) {
        // Each item then gets ready by itself when it runs.
        console.error(`[jobs] getting job ${jobId}'s items ready failed: ${(e as Error).message}`);
      }
    }
  }

  /**
   * On PGlite items are claimed ahead: they wait here until one of the site's slots is free, so
   * a cancel reaches the ones not started. False: the job was cancelled meanwhile.
   */
  private async enter(item: Claimed): Promise<boolean> {
    const limit = this.limits.get(item.siteId);
    if (limit) {
      let gate = this.gates.get(item.siteId);
      if (!gate) this.gates.set(item.siteId, (gate = { active: 0, waiting: [] }));
      while (gate.active >= limit.n && !this.cancelledJobs.has(item.jobId)) {
        await new Promise<void>((go) => gate!.waiting.push(go));
      }
      if (this.cancelledJobs.has(item.jobId)) return false;
      gate.active++;
    }
    item.entered = true;
    return !this.cancelledJobs.has(item.jobId);
  }

  /** The item no longer holds one of its site's slots (its call is back, or it ended): claim on. */
  private letGo(item: Claimed): void {
    if (item.letGo) return;
    item.letGo = true;
    const gate = this.gates.get(item.siteId);
    if (item.entered && gate && this.limits.has(item.siteId)) {
      gate.active--;
      gate.waiting.shift()?.();
    }
    this.holding.set(item.siteId, (this.holding.get(item.siteId) ?? 1) - 1);
    this.wake(item.siteId);
  }

  private async process(item: Claimed): Promise<void> {
    const info = await this.info(item.jobId);
    if (!info.kind)
      return this.end(item, 'failed', 'unknown-kind', 'BM Desk does not know this kind of job.');
    if (info.paramsError) return this.end(item, 'failed', 'bad-params', info.paramsError);
    let site: OpenedSite;
    try {
      site = await this.site(item.siteId);
    } catch (err) {
      const c = classifyError(err);
      return this.end(item, 'failed', c.code, c.message);
    }
    const ctx: JobContext<unknown> = {
      jobId: item.jobId,
      siteId: item.siteId,
      params: info.params,
      member: info.member,
      site,
      called: () => this.letGo(item),
    };
    const ref: JobItemRef = { seq: item.seq, key: item.key, label: item.label };
    if (!(await this.enter(item))) {
      info.kind.unprepare?.(item.jobId, ref);
      return this.end(item, 'cancelled', null, null);
    }
    if (item.was === 'running' && info.kind.verify) {
      let verdict;
      try {
        verdict = await info.kind.verify(ctx, ref);
      } catch (err) {
        const c = classifyError(err);
        if (item.attempts >= MAX_UNVERIFIED_ATTEMPTS) {
          return this.end(item, 'failed', c.code, `Could not check whether it was done: ${c.message}`);
        }
        // Still unknown whether the call was made: leave it running, to be checked again later.
        return this.release(item, VERIFY_RETRY_MS);
      }
      if (verdict !== 'redo') {
        this.ended.verified++;
        return this.end(item, verdict, null, null);
      }
    }
    try {
      const outcome = await info.kind.run(ctx, ref);
      return this.end(item, outcome.status, null, outcome.status === 'gone' ? (outcome.error ?? null) : null);
    } catch (err) {
      const c = classifyError(err);
      if (c.code === 'internal') console.error(`[jobs] item ${item.jobId}/${item.seq}:`, err);
      return this.end(item, 'failed', c.code, c.message);
    }
  }

  /**
   * The item's end, written with the others at the next claim round (one statement for all):
   * until then it stays 'running' under this runner's lease, which is renewed, so a crash in
   * between only means a verify.
   */
  private async end(
    item: Claimed,
    status: ItemEnd['status'],
    code: string | null,
    error: string | null,
  ): Promise<void> {
    if (this.ends.length === 0) this.endsSince = Date.now();
    this.ends.push({ jobId: item.jobId, seq: item.seq, status, code, error: error?.slice(0, 2000) ?? null });
    this.ended[status]++;
    this.endsTimer ??= setTimeout(() => {
      this.endsTimer = null;
      this.wake(item.siteId);
    }, ENDS_WAIT_MS);
    this.endsTimer.unref?.();
  }

  /** Only while this runner still holds them: a runner that lost its lease keeps quiet. */
  private async writeEnds(ends: ItemEnd[]): Promise<void> {
    // The items' audit outcomes and index updates first: an item ends only once they are written.
    await flushWriteBehind();
    if (ends.length === 0) return;
    const db = await getDb();
    const values = ends.map(
      (e) => sql`(${e.jobId}::bigint, ${e.seq}::int, ${e.status}::text, ${e.code}::text, ${e.error}::text)`,
    );
    await db.execute(sql`
      update job_items t set status = v.status, code = v.code, error = v.error,
        finished_at = now(), locked_by = null, locked_until = null
      from (values ${sql.join(values, sql`, `)}) as v(job_id, seq, status, code, error)
      where t.job_id = v.job_id and t.seq = v.seq and t.locked_by = ${this.id}`);
  }

  /** Open jobs (of `where`) with no item left to run become 'done'. */
  private async finishJobs(where: SQL, tx?: Pick<Db, 'execute'>): Promise<void> {
    const db = tx ?? (await getDb());
    const finished = rowsOf(
      await db.execute(sql`
        update jobs set status = 'done', finished_at = now()
        where ${where} and status in ('queued', 'running')
          and not exists (select 1 from job_items i
            where i.job_id = jobs.id and i.status in ('pending', 'running'))
        returning id`),
    );
    for (const r of finished) this.jobInfo.delete(Number(r.id));
  }

  /** Leaves the item running, claimable again after `ms` (and then verified again). */
  private async release(item: Claimed, ms: number): Promise<void> {
    const db = await getDb();
    await db.execute(sql`
      update job_items set locked_by = null, locked_until = now() + ${`${ms} milliseconds`}::interval
      where job_id = ${item.jobId} and seq = ${item.seq} and locked_by = ${this.id}`);
  }

  private async renew(): Promise<void> {
    if (this.inFlight.size === 0) return;
    try {
      const db = await getDb();
      await db.execute(sql`
        update job_items set locked_until = now() + ${`${this.leaseMs} milliseconds`}::interval
        where locked_by = ${this.id} and status = 'running'`);
    } catch (e) {
      console.error(`[jobs] lease renewal failed: ${(e as Error).message}`);
    }
  }

  /**
   * Leases held by a process of this host that no longer runs (a kill -9 and a restart): their
   * items are claimable now instead of when the lease runs out.
   */
  async takeOverDead(): Promise<number> {
    const db = await getDb();
    const host = os.hostname();
    const holders = rowsOf(
      await db.execute(sql`
        select distinct locked_by from job_items
        where status = 'running' and locked_until > now() and locked_by like ${`${host}:%`}`),
    ).map((r) => String(r.locked_by));
    let taken = 0;
    for (const holder of holders) {
      if (holder === this.id || processAlive(holder, host)) continue;
      const rows = rowsOf(
        await db.execute(sql`
          update job_items set locked_until = now() - interval '1 millisecond'
          where locked_by = ${holder} and status = 'running' returning seq`),
      );
      taken += rows.length;
    }
    if (taken > 0) console.log(`[jobs] ${taken} item(s) left by a stopped process taken over`);
    return taken;
  }

  private info(jobId: number): Promise<JobInfo> {
    let info = this.jobInfo.get(jobId);
    if (!info) {
      info = loadJobInfo(jobId);
      info.catch(() => this.jobInfo.delete(jobId));
      this.jobInfo.set(jobId, info);
    }
    return info;
  }

  private site(siteId: number): Promise<OpenedSite> {
    const cached = this.sites.get(siteId);
    if (cached && Date.now() - cached.at < SITE_TTL_MS) return cached.site;
    const site = openSite(siteId);
    site.catch(() => this.sites.delete(siteId));
    this.sites.set(siteId, { at: Date.now(), site });
    return site;
  }
}

async function loadJobInfo(jobId: number): Promise<JobInfo> {
  const db = await getDb();
  const [row] = await db
    .select({ kind: jobs.kind, params: jobs.params, memberId: jobs.memberId })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  if (!row) throw new Error(`Job ${jobId} no longer exists.`);
  const kind = jobKind(row.kind) as JobKind<unknown> | undefined;
  let params: unknown = null;
  let paramsError: string | null = null;
  if (kind) {
    try {
      params = kind.parseParams(row.params);
    } catch (e) {
      paramsError = `The job's stored settings are not valid: ${(e as Error).message}`;
    }
  }
  let member: JobMember | null = null;
  if (row.memberId !== null) {
    const [m] = await db
      .select({ id: members.id, email: members.email, role: members.role })
      .from(members)
      .where(eq(members.id, row.memberId));
    member = m ?? null;
  }
  return { kind, params, paramsError, member };
}

/** Is the process behind a runner id of this host still running (and not this process reborn)? */
function processAlive(holder: string, host: string): boolean {
  const pid = Number(holder.slice(host.length + 1).split(':')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false; // this pid, another runner id: an earlier life of this process
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const globalForRunner = globalThis as unknown as { __bmdeskJobRunner?: JobRunner };

/** This process's runner, started once (instrumentation.ts). */
export function startJobRunner(options: RunnerOptions = {}): JobRunner {
  globalForRunner.__bmdeskJobRunner ??= new JobRunner(options).start();
  return globalForRunner.__bmdeskJobRunner;
}

export async function stopJobRunner(): Promise<void> {
  const runner = globalForRunner.__bmdeskJobRunner;
  globalForRunner.__bmdeskJobRunner = undefined;
  await runner?.stop();
}

/**
 * Durable jobs benchmark: "ban everywhere" over 2,000 threads as a job run by the server's
 * runner (lib/services/jobs/runner.ts), each answer taking 50 ms, at concurrency 4. The ideal is
 * 2000 × 50 ms / 4 = 25 s; the figure printed is wall time / ideal (goal ≤ 1.2×). A second run
 * stops the runner half-way (it lets the items in flight end) and starts a new one, as a
 * restart does, and prints the same ratio.
 *
 *   npx tsx --conditions=react-server bench/jobs.ts [--threads 2000] [--latency-ms 50]
 *       [--concurrency 4] [--port 8291]
 *
 * - Starts the demo site in its own process (bench/demo-site-process.ts, `--size small`),
 *   creates the threads through the site's API, and connects it in an in-memory BM Desk (PGlite).
 * - Latency is the demo site's `latencyMs` fault on thread routes: an asynchronous wait before
 *   each answer, as a WordPress spends in PHP (the real plugin: 40–80 ms per thread call).
 * - First, the floor: the same bans by a bare client at the same concurrency (no job, no audit,
 *   no index): what the site and the HTTP client alone cost above the ideal.
 * - After each run: every thread's ban route was called exactly once (the site's own count), the
 *   most calls in flight at the site stayed within the concurrency, and every item is done.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2000' },
    'latency-ms': { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4' },
    port: { type: 'string', default: '8291' },
  },
});
const THREADS = Number(values.threads);
const LATENCY = Number(values['latency-ms']);
const CONCURRENCY = Number(values.concurrency);
const TARGET = 12; // a seeded member with an ordinary name
const IDEAL_MS = (THREADS * LATENCY) / CONCURRENCY;

type SiteInfo = { url: string; username: string; appPassword: string; controlToken: string };

async function startSite(dir: string) {
  const args = ['--import', 'tsx', 'bench/demo-site-process.ts', '--data-dir', dir, '--size', 'small'];
  const child = spawn(process.execPath, [...args, '--port', values.port!], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`demo site exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as SiteInfo) };
}

async function lanes<T>(items: readonly T[], n: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** This process's CPU time (ms) since `from`: BM Desk's own cost, steady on a busy machine. */
function cpuOf(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
const perItem = (cpuMs: number) => `CPU ${(cpuMs / THREADS).toFixed(2)} ms/item`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-jobs-'));
  process.env.BMDESK_DATA_DIR = 'memory://';
  const site = await startSite(dir);
  const control = (method: string, route: string, body?: unknown) =>
    fetch(`${site.url}/__demo/${route}`, {
      method,
      headers: { 'X-Demo-Control': site.controlToken, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  try {
    const bm = await import('@/lib/infra/better-messages');
    const { closeDb, getDb } = await import('@/lib/infra/db/client');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { syncState } = await import('@/lib/services/site-index/schema');
    const { JobRunner } = await import('@/lib/services/jobs/runner');
    const { startJob } = await import('@/lib/services/jobs/start');
    const { jobs, jobItems } = await import('@/lib/services/jobs/schema');
    const { eq, sql } = await import('drizzle-orm');
    const db = await getDb();
    const client = bm.createBmClient({
      siteUrl: site.url,
      username: site.username,
      appPassword: site.appPassword,
      timeoutMs: 60_000,
    });

    const made = performance.now();
    const threadIds: number[] = [];
    await lanes(
      Array.from({ length: THREADS }, (_, i) => i),
      8,
      async (i) => {
        const t = await bm.createThread(client, {
          recipientBmUserIds: [TARGET],
          subject: `bench ${i}`,
          message: `bench thread ${i}`,
        });
        threadIds.push(t.threadId);
      },
    );
    const { id: siteId } = await insertSite({
      name: 'Jobs bench site',
      url: site.url,
      username: site.username,
      appPassword: site.appPassword,
      probe: { status: 'ok', reason: null, message: null },
    });
    await db
      .insert(syncState)
      .values({ siteId, concurrency: CONCURRENCY })
      .onConflictDoUpdate({ target: syncState.siteId, set: { concurrency: CONCURRENCY } });
    console.log(
      `demo site ${site.url}: user ${TARGET} in ${threadIds.length} threads (made in ${((performance.now() - made) / 1000).toFixed(1)} s); ` +
        `latency ${LATENCY} ms, concurrency ${CONCURRENCY}, ideal ${(IDEAL_MS / 1000).toFixed(1)} s`,
    );

    const doneCount = async (jobId: number) => {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(jobItems)
        .where(sql`${jobItems.jobId} = ${jobId} and ${jobItems.status} = 'done'`);
      return row?.n ?? 0;
    };
    const jobStatus = async (jobId: number) =>
      (await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId)))[0]?.status;

    async function run(restartAt: number | null) {
      await control('POST', 'faults', { latencyMs: LATENCY, only: '/better-messages/v1/thread/' });
      await control('DELETE', 'stats');
      let runner = new JobRunner({ pollMs: 1000 }).start();
      let restarts = 0;
      const started = performance.now();
      const cpu = process.cpuUsage();
      const jobId = await startJob({
        siteId,
        kind: 'restrictEverywhere',
        label: `Ban #${TARGET} in ${threadIds.length} threads`,
        params: { bmUserId: TARGET, kind: 'ban', duration: 60, reason: 'bench' },
        items: threadIds.map((id) => ({ key: String(id), label: `bench ${id}` })),
        member: null,
      });
      // Watched from the runner's own counts: PGlite runs one query at a time, and a benchmark
      // reading the tables every few milliseconds would slow the runner it measures.
      let before = 0;
      while (before + runner.ended.done < THREADS || (await jobStatus(jobId)) !== 'done') {
        if (restartAt !== null && restarts === 0 && runner.ended.done >= restartAt) {
          await runner.stop();
          before += runner.ended.done;
          runner = new JobRunner({ pollMs: 1000 }).start();
          restarts++;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      const ms = performance.now() - started;
      const cpuMs = cpuOf(cpu);
      await runner.stop();
      const stats = (await control('GET', 'stats')) as {
        byRoute: Record<string, number>;
        maxInFlight: number;
      };
      const calls = threadIds.map((id) => stats.byRoute[`/better-messages/v1/thread/${id}/banUser`] ?? 0);
      const notOnce = calls.filter((n) => n !== 1).length;
      const done = await doneCount(jobId);
      await control('DELETE', 'faults');
      // Ready for the next run: the ban lifted and the person back in every thread.
      await lanes(threadIds, 8, async (id) => {
        await bm.unbanUser(client, id, TARGET);
        await bm.addParticipants(client, id, [TARGET]);
      });
      return { ms, cpuMs, notOnce, done, maxInFlight: stats.maxInFlight, restarts };
    }

    /** The floor: the same calls by a bare client, `CONCURRENCY` at a time, nothing written. */
    async function bare() {
      await control('POST', 'faults', { latencyMs: LATENCY, only: '/better-messages/v1/thread/' });
      const started = performance.now();
      const cpu = process.cpuUsage();
      await lanes(threadIds, CONCURRENCY, (id) => bm.banUser(client, id, TARGET, 60));
      const ms = performance.now() - started;
      floorCpuMs = cpuOf(cpu);
      await control('DELETE', 'faults');
      await lanes(threadIds, 8, async (id) => {
        await bm.unbanUser(client, id, TARGET);
        await bm.addParticipants(client, id, [TARGET]);
      });
      return ms;
    }
    let floorCpuMs = 0;
    const floor = await bare();
    console.log(
      `bare client      | ${(floor / 1000).toFixed(2)} s | ${(floor / IDEAL_MS).toFixed(2)}x ideal | ${perItem(floorCpuMs)} | the same bans, no job, no audit, no index`,
    );

    let bad = 0;
    for (const [name, restartAt] of [
      ['straight', null],
      ['restart half-way', Math.floor(THREADS / 2)],
    ] as const) {
      const r = await run(restartAt);
      const ok = r.notOnce === 0 && r.done === THREADS && r.maxInFlight <= CONCURRENCY;
      if (!ok) bad++;
      console.log(
        [
          `${name.padEnd(16)}`,
          `${(r.ms / 1000).toFixed(2)} s`,
          `${(r.ms / IDEAL_MS).toFixed(2)}x ideal`,
          perItem(r.cpuMs),
          `done ${r.done}/${THREADS}`,
          `threads not banned exactly once ${r.notOnce}`,
          `max in flight at the site ${r.maxInFlight}`,
          `restarts ${r.restarts}`,
          ok ? 'ok' : 'FAILED',
        ].join(' | '),
      );
    }
    await closeDb();
    if (bad > 0) process.exitCode = 1;
  } finally {
    site.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

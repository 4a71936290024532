/**
 * "Ban everywhere" benchmark: one person in 200 threads, banned by the same code the action runs
 * (restrictEverywhere, in the same slices the page sends), at the site's configured concurrency
 * and one call after another, measured side by side in one run.
 *
 *   npx tsx --conditions=react-server bench/ban-everywhere.ts [--threads 200]
 *       [--concurrency 2,4,8] [--latency-ms 0,50] [--repeat 3] [--port 8290]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * - Starts the demo site itself (its own process, port 8290, `--size small`), creates the
 *   threads through the site's API, and connects it in an in-memory BM Desk database.
 * - For each latency (the demo site's `latencyMs` fault: an asynchronous wait before each
 *   answer, the time a real WordPress spends per call; the real plugin answered thread calls in
 *   40–80 ms, API doc §6) and each concurrency (written to site_index_sync_state.concurrency,
 *   as a member would set it): bans everywhere (timed), unbans everywhere (timed), re-adds the
 *   person to every thread (not timed), and checks on the site that the ban took everywhere.
 *   Each is repeated `--repeat` times; the median time is printed (the machine is shared).
 * - The most calls in flight is counted twice: by the site (requests received and not yet
 *   answered) and by the site's limiter in BM Desk. Both must stay within the concurrency.
 *
 * Why latency 0 is not the figure to read: the demo site answers from one Node thread with
 * synchronous SQLite (better-sqlite3), about a millisecond a call, so it is never busy with more
 * than one request (its in-flight count stays 1) and there is nothing to overlap on its side;
 * those rows measure only BM Desk's own overhead. A WordPress spends tens of milliseconds per
 * call in PHP workers; the latency fault waits without holding the site's thread, so calls overlap
 * there as they do on a real host.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '2,4,8' },
    'latency-ms': { type: 'string', default: '0,50' },
    repeat: { type: 'string', default: '3' },
    port: { type: 'string', default: '8290' },
  },
});
const THREADS = Number(values.threads);
const CONCURRENCIES = values.concurrency!.split(',').map(Number);
const LATENCIES = values['latency-ms']!.split(',').map(Number);
const REPEAT = Math.max(1, Number(values.repeat));
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const TARGET = 12; // a seeded member with an ordinary name

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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-ban-'));
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
    const { siteLimiter } = await import('@/lib/services/sites/site-limiter');
    const { restrictEverywhere } = await import('@/lib/services/users/everywhere');
    const { slices } = await import('@/app/(desk)/[site]/users/job-sizes');
    const client = bm.createBmClient({
      siteUrl: site.url,
      username: site.username,
      appPassword: site.appPassword,
      timeoutMs: 60_000,
    });

    // The person in THREADS threads of their own (the admin opens each, with them in it).
    const threadIds: number[] = [];
    for (let i = 0; i < THREADS; i++) {
      const made = await bm.createThread(client, {
        recipientBmUserIds: [TARGET],
        subject: `bench ${i}`,
        message: `bench thread ${i}`,
      });
      threadIds.push(made.threadId);
    }
    const { id: siteId } = await insertSite({
      name: 'Bench site',
      url: site.url,
      username: site.username,
      appPassword: site.appPassword,
      probe: { status: 'ok', reason: null, message: null },
    });
    const db = await getDb();
    const setConcurrency = (n: number) =>
      db
        .insert(syncState)
        .values({ siteId, concurrency: n })
        .onConflictDoUpdate({ target: syncState.siteId, set: { concurrency: n } });
    console.log(
      `demo site ${site.url}: user ${TARGET} in ${threadIds.length} threads; slices of ${slices(threadIds)[0]!.length} per server call`,
    );

    /** What one "ban everywhere" from the page does: its slices one after another, each run by the lib. */
    async function job(kind: 'ban' | 'unban', concurrency: number) {
      await setConcurrency(concurrency);
      const limiter = await siteLimiter(siteId);
      limiter.resetPeak();
      await control('DELETE', 'stats');
      const started = performance.now();
      let failed = 0;
      for (const slice of slices(threadIds)) {
        const results = await restrictEverywhere(
          { siteId, bmUserId: TARGET, threadIds: slice, kind, duration: 60, reason: 'bench' },
          { member: null, job: `${kind}UserEverywhere` },
        );
        failed += results.filter((r) => !r.ok).length;
      }
      const ms = performance.now() - started;
      const stats = await control('GET', 'stats');
      return { ms, failed, siteMax: Number(stats.maxInFlight), limiterMax: limiter.peak };
    }

    async function readdEverywhere() {
      const lanes = Array.from({ length: 8 }, async (_, lane) => {
        for (let i = lane; i < threadIds.length; i += 8) {
          await bm.addParticipants(client, threadIds[i]!, [TARGET]);
        }
      });
      await Promise.all(lanes);
    }

    async function checkBanned() {
      let still = 0;
      for (const id of threadIds) {
        const bundle = await bm.getThread(client, id);
        if (bundle.threads[0]?.participants.includes(TARGET)) still++;
      }
      return still;
    }

    let violations = 0;
    const rows: string[] = [];
    for (const latency of LATENCIES) {
      await control('POST', 'faults', latency > 0 ? { latencyMs: latency } : {});
      const runs = new Map<number, { ban: number; unban: number }>();
      for (const concurrency of [1, ...CONCURRENCIES]) {
        const bans: Awaited<ReturnType<typeof job>>[] = [];
        const unbans: Awaited<ReturnType<typeof job>>[] = [];
        let left = 0;
        for (let r = 0; r < REPEAT; r++) {
          bans.push(await job('ban', concurrency));
          await control('DELETE', 'faults');
          left += await checkBanned();
          await control('POST', 'faults', latency > 0 ? { latencyMs: latency } : {});
          unbans.push(await job('unban', concurrency));
          await control('DELETE', 'faults');
          await readdEverywhere();
          await control('POST', 'faults', latency > 0 ? { latencyMs: latency } : {});
        }
        const ban = median(bans.map((b) => b.ms));
        const unban = median(unbans.map((b) => b.ms));
        runs.set(concurrency, { ban, unban });
        const all = [...bans, ...unbans];
        const siteMax = Math.max(...all.map((b) => b.siteMax));
        const limiterMax = Math.max(...all.map((b) => b.limiterMax));
        const over = Math.max(siteMax, limiterMax) > concurrency;
        if (over) violations++;
        const base = runs.get(1)!;
        rows.push(
          [
            `latency ${String(latency).padStart(3)} ms`,
            `concurrency ${String(concurrency).padStart(2)}`,
            `ban ${(ban / 1000).toFixed(2)} s (${(base.ban / ban).toFixed(2)}x)`,
            `unban ${(unban / 1000).toFixed(2)} s (${(base.unban / unban).toFixed(2)}x)`,
            `max in flight: site ${siteMax}, limiter ${limiterMax}${over ? ' OVER' : ''}`,
            `failed ${all.reduce((n, b) => n + b.failed, 0)}`,
            `still in after ban ${left}`,
          ].join(' | '),
        );
        console.log(rows.at(-1));
      }
    }
    await control('DELETE', 'faults');
    console.log(
      violations === 0
        ? 'in-flight check: the most calls in flight never exceeded the configured concurrency'
        : `in-flight check: FAILED in ${violations} runs`,
    );
    await closeDb();
    if (violations > 0) process.exitCode = 1;
  } finally {
    site.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * Site-index backfill and query benchmark, measured side by side in one run.
 *
 *   npx tsx --conditions=react-server bench/site-index.ts [--site demo|real] [--size large]
 *       [--ids 200000] [--raw-ids N] [--concurrency 2] [--pg] [--idle-minutes 0]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * 1. The site: the demo site in its own process (seeding `--size`), so the site's CPU is not
 *    ours; or, with `--site real`, the real plugin of `../shared/real-site` (start it and run
 *    `seed-scale` first; credentials from BM_SITE_* or /tmp/bm-real-site/credentials.env).
 * 2. Raw limit: fetches `--raw-ids` ids (default all of `--ids`; a smaller figure takes evenly
 *    spread 500-id ranges of the same span) with `--concurrency` lanes through the same client
 *    call and parses them (the client's zod schemas), storing nothing.
 * 3. Backfill: the real SiteSyncer over the same ids (adaptive batch, same concurrency, thread
 *    details interleaved as shipped), into PGlite (a temporary data folder) or, with --pg, a temporary PostgreSQL
 *    database. Prints messages/s, the ratio to the raw limit, time to the first 10,000 newest
 *    searchable, and peak RSS of this process.
 * 4. Thread list first page for ten filter combinations (full-text included): p50/p95.
 * 5. With `--idle-minutes`, once every thread's details are read: the syncer left running at its
 *    default pace for that long, counting its calls and (real site) the CPU seconds the site's
 *    PHP workers and MariaDB spend.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PG_ADMIN, startDemoSiteProcess, tempPgDatabase } from './sync-support';

const { values } = parseArgs({
  options: {
    site: { type: 'string', default: 'demo' },
    size: { type: 'string', default: 'large' },
    ids: { type: 'string', default: '200000' },
    'raw-ids': { type: 'string' },
    'idle-minutes': { type: 'string', default: '0' },
    // An index an earlier (interrupted) --pg run left filled: skips the raw limit and the backfill.
    'reuse-db': { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    pg: { type: 'boolean', default: false },
  },
});
const ID_COUNT = Number(values.ids);
const RAW_IDS = values['raw-ids'] ? Number(values['raw-ids']) : ID_COUNT;
const IDLE_MINUTES = Number(values['idle-minutes']);
const REAL = values.site === 'real';
const REUSE_DB = values['reuse-db'];
const CONCURRENCY = Number(values.concurrency);

function realSite() {
  const file = '/tmp/bm-real-site/credentials.env';
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  if (!env.BM_SITE_URL && fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^(BM_SITE_\w+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]!] = m[2]!.replace(/^['"]|['"]$/g, '');
    }
  }
  if (!env.BM_SITE_URL)
    throw new Error('No real site: run ../shared/real-site/start (and seed-scale) first.');
  return {
    child: null,
    url: env.BM_SITE_URL,
    username: env.BM_SITE_USER!,
    appPassword: env.BM_SITE_APP_PASSWORD!,
  };
}

/** CPU seconds spent so far by the real site's PHP server and MariaDB (children reaped included). */
function siteCpuSeconds(): number {
  return cpuSecondsOf(/router\.php|mariadbd|mysqld/);
}

/** CPU seconds of the processes whose command line matches (children reaped included). */
function cpuSecondsOf(pattern: RegExp): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!pattern.test(cmd)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime stime cutime cstime are fields 14-17 of stat, 12-15 after the command.
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks / 100;
}

const pct = (list: number[], p: number) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-'));
  const database = REUSE_DB
    ? { url: Object.assign(new URL(PG_ADMIN), { pathname: `/${REUSE_DB}` }).toString(), drop: async () => {} }
    : values.pg
      ? await tempPgDatabase()
      : null;
  if (database) {
    process.env.DATABASE_URL = database.url;
    process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  } else {
    // A data folder on disk, as the app keeps it (removed at the end with the rest of `dir`).
    process.env.BMDESK_DATA_DIR = path.join(dir, 'data');
  }
  const seedStarted = Date.now();
  const site = REAL ? realSite() : await startDemoSiteProcess(dir, values.size!);
  console.log(
    REAL
      ? `real site: ${site.url}`
      : `demo site: --size ${values.size}, ready in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  try {
    const bm = await import('@/lib/infra/better-messages');
    const { getDb, closeDb, getHandle } = await import('@/lib/infra/db/client');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { SiteSyncer } = await import('@/lib/services/site-index/sync/site-syncer');
    const { readState } = await import('@/lib/services/site-index/sync/context');
    const { sql } = await import('drizzle-orm');
    const { getThreads } = await import('@/lib/services/site-index/queries/threads');
    const client = () =>
      bm.createBmClient({
        siteUrl: site.url,
        username: site.username,
        appPassword: site.appPassword,
        timeoutMs: 60_000,
      });

    const first = await bm.getAdminMessages(client(), {});
    const top = first.messages.reduce((m, r) => Math.max(m, r.id), 0);
    const bottom = Math.max(1, top - ID_COUNT + 1);
    console.log(
      `site: ${first.total} messages, highest id ${top}; measuring ids ${bottom}..${top} (${top - bottom + 1} ids), concurrency ${CONCURRENCY}`,
    );

    const { kind } = await getHandle();
    const db = await getDb();
    let siteId = 1;
    let syncer: InstanceType<typeof SiteSyncer>;
    if (REUSE_DB) {
      syncer = new SiteSyncer({ db, siteId, client: client() });
      // Only the idle figures need it running; the queries alone read the index as it is.
      if (IDLE_MINUTES > 0) syncer.start();
      console.log(`reusing the index in ${REUSE_DB} (site ${siteId})`);
    } else {
      // Raw limit: the same span in 500-id ranges (every k-th one for a sample), fetched and parsed, nothing stored.
      const raw = client();
      const ranges: [number, number][] = [];
      for (let hi = top; hi >= bottom; hi -= 500) ranges.push([Math.max(bottom, hi - 499), hi]);
      const every = Math.max(1, Math.round(ranges.length / Math.ceil(RAW_IDS / 500)));
      const sample = ranges.filter((_, i) => i % every === 0);
      let rawRows = 0;
      const rawStarted = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let r = sample.shift(); r; r = sample.shift()) {
            const [lo, hi] = r;
            const ids = Array.from({ length: hi - lo + 1 }, (_, i) => hi - i);
            // Await first: `rawRows += await …` would read rawRows before the await and lose the other lane's rows.
            const got = await bm.getAdminMessagesByIds(raw, ids);
            rawRows += got.rows.length;
          }
        }),
      );
      const rawSeconds = (performance.now() - rawStarted) / 1000;
      const rawRate = rawRows / rawSeconds;
      console.log(
        `raw limit: ${rawRows} messages in ${rawSeconds.toFixed(1)} s = ${rawRate.toFixed(0)} messages/s`,
      );

      ({ id: siteId } = await insertSite({
        name: 'Bench',
        url: site.url,
        username: site.username,
        appPassword: site.appPassword,
        probe: { status: 'ok', reason: null, message: null },
      }));
      const { syncState } = await import('@/lib/services/site-index/schema');
      await db.insert(syncState).values({ siteId, concurrency: CONCURRENCY });
      syncer = new SiteSyncer({ db, siteId, client: client() });
      const started = performance.now();
      syncer.start();
      let firstTen: number | null = null;
      let rssPeak = 0;
      const rssAt: string[] = [];
      let nextDecile = 1;
      let lastLine = 0;
      const cpuBefore = REAL ? siteCpuSeconds() : 0;
      const ownBefore = process.cpuUsage();
      const pgBefore = cpuSecondsOf(/^postgres/);
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        const s = await readState(db, siteId);
        if (s.backfillCursor === null || s.highestId === null) continue;
        const covered = top - Math.max(bottom, s.backfillCursor) + 1;
        if (firstTen === null && s.highestId - s.backfillCursor + 1 >= 10_000)
          firstTen = (performance.now() - started) / 1000;
        const mb = Math.round(process.memoryUsage().rss / 1024 / 1024);
        if (covered >= (nextDecile / 10) * (top - bottom + 1)) {
          rssAt.push(`${nextDecile * 10}%: ${mb} MB`);
          nextDecile++;
        }
        if (Date.now() - lastLine > 30_000) {
          lastLine = Date.now();
          const t = (performance.now() - started) / 1000;
          console.log(
            `  ${t.toFixed(0)} s: ${covered} ids covered (${((covered / (top - bottom + 1)) * 100).toFixed(1)}%), ${(covered / t).toFixed(0)} ids/s, batch ${s.batchSize}, ${s.callsPerMinute} calls/min, answers ${s.avgAnswerMs} ms, RSS ${mb} MB`,
          );
        }
        if (s.backfillCursor <= bottom) break;
      }
      const seconds = (performance.now() - started) / 1000;
      const backfillCpu = REAL ? siteCpuSeconds() - cpuBefore : 0;
      const own = process.cpuUsage(ownBefore);
      const ownCpu = (own.user + own.system) / 1e6;
      const pgCpu = cpuSecondsOf(/^postgres/) - pgBefore;
      const counted = await db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM site_index_messages WHERE site_id = ${siteId} AND id >= ${bottom}`,
      );
      const indexed = Number((counted as unknown as { rows: { n: number }[] }).rows[0]!.n);
      const rate = indexed / seconds;
      console.log(
        `backfill (${kind}): ${indexed} messages in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} messages/s; ratio to raw limit ${(rate / rawRate).toFixed(2)}`,
      );
      console.log(`first 10,000 newest searchable after ${firstTen?.toFixed(1)} s`);
      console.log(
        `peak RSS of this process (sampled every 100 ms): ${(rssPeak / 1024 / 1024).toFixed(0)} MB; maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
      );
      console.log(`RSS as the backfill went: ${rssAt.join(', ')}`);
      console.log(
        `our CPU during the backfill: this process ${ownCpu.toFixed(0)} s (${((ownCpu / seconds) * 100).toFixed(0)}% of one core)` +
          (database ? `, PostgreSQL ${pgCpu.toFixed(0)} s (${((pgCpu / seconds) * 100).toFixed(0)}%)` : ''),
      );
      if (REAL) {
        console.log(
          `site CPU during the backfill: ${backfillCpu.toFixed(0)} s in ${seconds.toFixed(0)} s (${((backfillCpu / seconds) * 100).toFixed(0)}% of one core)`,
        );
      }
    }

    if (IDLE_MINUTES > 0) {
      const unread = async () =>
        Number(
          (
            (await db.execute(
              sql`SELECT count(*)::int AS n FROM site_index_threads WHERE site_id = ${siteId} AND NOT gone AND details_synced_at IS NULL`,
            )) as unknown as { rows: { n: number }[] }
          ).rows[0]!.n,
        );
      const detailsStarted = performance.now();
      for (let left = await unread(); left > 0; left = await unread()) {
        const t = (performance.now() - detailsStarted) / 1000;
        process.stderr.write(`\r  thread details still to read: ${left} (${t.toFixed(0)} s)    `);
        await new Promise((r) => setTimeout(r, 5_000));
      }
      console.log(
        `\nthread details for every thread read ${((performance.now() - detailsStarted) / 1000).toFixed(0)} s after the backfill ended`,
      );
      const calls0 = syncer.ctx.meter.totalCalls;
      const cpu0 = REAL ? siteCpuSeconds() : 0;
      const idleStarted = performance.now();
      await new Promise((r) => setTimeout(r, IDLE_MINUTES * 60_000));
      const minutes = (performance.now() - idleStarted) / 60_000;
      const calls = syncer.ctx.meter.totalCalls - calls0;
      const cpu = REAL ? siteCpuSeconds() - cpu0 : NaN;
      console.log(
        `idle sync for ${minutes.toFixed(1)} min: ${(calls / minutes).toFixed(1)} calls/min` +
          (REAL
            ? `, site CPU ${(cpu / minutes).toFixed(2)} s/min = ${((cpu / minutes / 60) * 100).toFixed(1)}% of one core (PHP workers + MariaDB, whatever else ran on them included)`
            : ''),
      );
    }
    await syncer.stop();

    const participant = first.messages[0]!.sender.bmUserId;
    const combos: [string, Parameters<typeof getThreads>[0]][] = [
      ['no filter', { siteId }],
      ['participant', { siteId, participant }],
      ['has reports', { siteId, hasReports: true }],
      ['has pending', { siteId, hasPending: true }],
      ['has attachments', { siteId, hasAttachments: true }],
      [
        'type thread + last 7 days',
        { siteId, types: ['thread'], activeFrom: new Date(Date.now() - 7 * 86_400_000) },
      ],
      ['full-text "delivery"', { siteId, text: 'delivery' }],
      ['full-text "refund order"', { siteId, text: 'refund order' }],
      ['full-text + participant', { siteId, text: 'hello', participant }],
      ['reports + sort by messageCount', { siteId, hasReports: true }],
    ];
    console.log(`thread list, first page (25 rows + count), ${kind}, 30 runs each:`);
    for (const [name, filter] of combos) {
      const sort = name.includes('sort') ? [{ id: 'messageCount' as const, desc: true }] : undefined;
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        total = (await getThreads(filter, { perPage: 25, sort })).total;
        times.push(performance.now() - t0);
      }
      console.log(
        `  ${name.padEnd(32)} p50 ${pct(times, 50).toFixed(1).padStart(7)} ms  p95 ${pct(times, 95).toFixed(1).padStart(7)} ms  (${total} threads)`,
      );
    }
    await closeDb();
  } finally {
    site.child?.kill('SIGTERM');
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

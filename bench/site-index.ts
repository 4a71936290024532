/**
 * Site-index backfill and query benchmark, measured side by side in one run.
 *
 *   npx tsx bench/site-index.ts [--size large] [--ids 200000] [--concurrency 2] [--pg]
 *
 * 1. Starts the demo site in its own process (seeding `--size`), so the site's CPU is not ours.
 * 2. Raw limit: fetches the top `--ids` ids in 500-id ranges with `--concurrency` lanes and parses
 *    them (the client's zod schemas), storing nothing.
 * 3. Backfill: the real SiteSyncer over the same ids (adaptive batch, same concurrency, thread
 *    details interleaved as shipped), into PGlite (memory) or, with --pg, a temporary PostgreSQL
 *    database. Prints messages/s, the ratio to the raw limit, time to the first 10,000 newest
 *    searchable, and peak RSS of this process.
 * 4. Thread list first page for ten filter combinations (full-text included): p50/p95.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'large' },
    ids: { type: 'string', default: '200000' },
    concurrency: { type: 'string', default: '2' },
    pg: { type: 'boolean', default: false },
  },
});
const ID_COUNT = Number(values.ids);
const CONCURRENCY = Number(values.concurrency);
const PG_ADMIN = process.env.BMDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function startSite(dir: string) {
  // Node itself (not npx), so that stopping the child stops the site.
  const args = ['--import', 'tsx', 'bench/demo-site-process.ts', '--data-dir', dir, '--size', values.size!];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`demo site exited with ${code}`)));
  });
  child.on('exit', (code, signal) => console.error(`demo site exited: ${code ?? signal}`));
  const info = JSON.parse(line) as { url: string; username: string; appPassword: string };
  return { child, ...info };
}

async function pgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bmdesk_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const pct = (list: number[], p: number) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-'));
  const database = values.pg ? await pgDatabase() : null;
  if (database) {
    process.env.DATABASE_URL = database.url;
    process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  } else {
    process.env.BMDESK_DATA_DIR = 'memory://';
  }
  const seedStarted = Date.now();
  const site = await startSite(dir);
  console.log(
    `demo site: --size ${values.size}, ready in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  try {
    const bm = await import('@/lib/better-messages');
    const { getDb, closeDb, getHandle } = await import('@/lib/db/client');
    const { insertSite } = await import('@/lib/sites/queries');
    const { SiteSyncer } = await import('@/lib/site-index/sync/site-syncer');
    const { readState } = await import('@/lib/site-index/sync/context');
    const { getThreads } = await import('@/lib/site-index/queries/threads');
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

    // Raw limit: same ranges, fetched and parsed, nothing stored.
    const raw = client();
    let next = top;
    let rawRows = 0;
    const rawStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next >= bottom) {
          const hi = next;
          const lo = Math.max(bottom, hi - 499);
          next = lo - 1;
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

    const { kind } = await getHandle();
    const db = await getDb();
    const { id: siteId } = await insertSite({
      name: 'Bench',
      url: site.url,
      username: site.username,
      appPassword: site.appPassword,
      probe: { status: 'ok', reason: null, message: null },
    });
    const { syncState } = await import('@/lib/site-index/schema');
    await db.insert(syncState).values({ siteId, concurrency: CONCURRENCY });
    const syncer = new SiteSyncer({ db, siteId, client: client(), options: { tickMs: 20 } });
    const started = performance.now();
    syncer.start();
    let firstTen: number | null = null;
    let rssPeak = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      const s = await readState(db, siteId);
      if (s.backfillCursor === null || s.highestId === null) continue;
      if (firstTen === null && s.highestId - s.backfillCursor + 1 >= 10_000)
        firstTen = (performance.now() - started) / 1000;
      if (s.backfillCursor <= bottom) break;
    }
    const seconds = (performance.now() - started) / 1000;
    await syncer.stop();
    const { sql } = await import('drizzle-orm');
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
    site.child.kill('SIGTERM');
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

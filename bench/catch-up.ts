/**
 * Catch-up after a stop against the backfill, measured side by side in one run.
 *
 *   npx tsx --conditions=react-server bench/catch-up.ts [--size 100000] [--burst 100000]
 *       [--concurrency 2] [--pg]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * 1. The demo site in its own process (seeding `--size` messages), indexed by the real SiteSyncer
 *    into PGlite (a temporary data folder) or, with --pg, a temporary PostgreSQL database:
 *    the backfill's rate.
 * 2. The syncer stops (BM Desk is down) and `--burst` messages arrive at once.
 * 3. A new syncer starts (BM Desk is back): how soon the newest message of the burst is
 *    searchable, what the status card says meanwhile, and the catch-up's rate, as a ratio to
 *    the backfill's.
 * 4. The whole site (now `--size` + `--burst` messages) backfilled again into a second index
 *    beside the first: the backfill's rate on a site as large as the one the catch-up read
 *    (answers and stores slow down as the site and the index grow), and the ratio to it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoSiteProcess, tempPgDatabase } from './sync-support';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    burst: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '2' },
    pg: { type: 'boolean', default: false },
  },
});
const BURST = Number(values.burst);
const CONCURRENCY = Number(values.concurrency);
const seconds = (since: number) => (performance.now() - since) / 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-'));
  const database = values.pg ? await tempPgDatabase() : null;
  if (database) {
    process.env.DATABASE_URL = database.url;
    process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  } else {
    process.env.BMDESK_DATA_DIR = path.join(dir, 'data');
  }
  const seedStarted = performance.now();
  const site = await startDemoSiteProcess(dir, values.size!);
  console.log(`demo site: --size ${values.size}, ready in ${seconds(seedStarted).toFixed(1)} s`);
  try {
    const bm = await import('@/lib/infra/better-messages');
    const { getDb, closeDb, getHandle } = await import('@/lib/infra/db/client');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { SiteSyncer } = await import('@/lib/services/site-index/sync/site-syncer');
    const { readState } = await import('@/lib/services/site-index/sync/context');
    const { syncState } = await import('@/lib/services/site-index/schema');
    const { getSyncProgress } = await import('@/lib/services/site-index/progress');
    const { progressLines } = await import('@/lib/services/site-index/progress-summary');
    const { sql } = await import('drizzle-orm');
    const client = () =>
      bm.createBmClient({
        siteUrl: site.url,
        username: site.username,
        appPassword: site.appPassword,
        timeoutMs: 60_000,
      });
    const { kind } = await getHandle();
    const db = await getDb();
    const count = async (siteId: number, lo: number, hi: number) =>
      Number(
        (
          (await db.execute(
            sql`SELECT count(*)::int AS n FROM site_index_messages WHERE site_id = ${siteId} AND id BETWEEN ${lo} AND ${hi}`,
          )) as unknown as { rows: { n: number }[] }
        ).rows[0]!.n,
      );

    /** A fresh index of the whole site: messages per second, the syncer left running. */
    const backfill = async (name: string) => {
      const { id } = await insertSite({
        name,
        url: site.url,
        username: site.username,
        appPassword: site.appPassword,
        probe: { status: 'ok', reason: null, message: null },
      });
      await db.insert(syncState).values({ siteId: id, concurrency: CONCURRENCY });
      const syncer = new SiteSyncer({ db, siteId: id, client: client() });
      const started = performance.now();
      syncer.start();
      let st = await readState(db, id);
      for (; st.backfillCursor === null || st.backfillCursor > 1; st = await readState(db, id))
        await sleep(100);
      const took = seconds(started);
      const n = await count(id, 1, st.highestId!);
      console.log(
        `${name} (${kind}): ${n} messages in ${took.toFixed(1)} s = ${(n / took).toFixed(0)} messages/s`,
      );
      return { siteId: id, syncer, rate: n / took };
    };

    // 1. The backfill.
    const { siteId, syncer: first, rate: backfillRate } = await backfill('backfill');
    await first.stop();

    // 2. BM Desk is down; a burst arrives.
    const res = await fetch(`${site.url}/__demo/burst`, {
      method: 'POST',
      headers: { 'X-Demo-Control': site.controlToken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ count: BURST }),
    });
    const { firstId, lastId } = (await res.json()) as { firstId: number; lastId: number };
    console.log(`stopped; ${BURST} messages arrived (ids ${firstId}..${lastId}); restarting`);

    // 3. BM Desk is back.
    const second = new SiteSyncer({ db, siteId, client: client() });
    const restarted = performance.now();
    second.start();
    let newestAt: number | null = null;
    let newestThousandAt: number | null = null;
    let statusLine: string | null = null;
    let lastLine = performance.now();
    for (;;) {
      await sleep(100);
      if (newestAt === null && (await count(siteId, lastId, lastId)) === 1) newestAt = seconds(restarted);
      if (newestThousandAt === null && (await count(siteId, lastId - 999, lastId)) === 1000)
        newestThousandAt = seconds(restarted);
      const progress = await getSyncProgress(siteId);
      if (progress.catchUp && (statusLine === null || performance.now() - lastLine > 30_000)) {
        statusLine = `${progress.status}: ${progressLines(progress)[0]}`;
        lastLine = performance.now();
        console.log(`  ${seconds(restarted).toFixed(0)} s: ${statusLine}`);
      }
      const state = await readState(db, siteId);
      if (state.highestId !== null && state.highestId >= lastId && state.catchUp.length === 0) break;
    }
    const catchUpSeconds = seconds(restarted);
    const caughtUp = await count(siteId, firstId, lastId);
    const catchUpRate = caughtUp / catchUpSeconds;
    await second.stop();
    console.log(
      `catch-up (${kind}): ${caughtUp} messages in ${catchUpSeconds.toFixed(1)} s = ${catchUpRate.toFixed(0)} messages/s; ratio to the first backfill (a smaller site) ${(catchUpRate / backfillRate).toFixed(2)}`,
    );
    console.log(
      `newest message searchable ${newestAt?.toFixed(1)} s after the restart; newest 1,000 after ${newestThousandAt?.toFixed(1)} s`,
    );
    const missing = BURST - caughtUp;
    if (missing !== 0) throw new Error(`${missing} messages of the burst are not in the index`);

    // 4. The same site size, backfilled.
    const again = await backfill('backfill of the whole site again');
    await again.syncer.stop();
    console.log(
      `catch-up rate / backfill rate on the same site size: ${(catchUpRate / again.rate).toFixed(2)}`,
    );
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

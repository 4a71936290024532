/**
 * A second site's backfill beside a first one already indexed, on PostgreSQL.
 *
 *   npx tsx --conditions=react-server bench/two-sites.ts [--size 250000] [--concurrency 2]
 *       [--max-seconds 420]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * The demo site in its own process (seeding `--size` messages) is connected twice, as two sites
 * of one temporary database: the first backfill ends with the index analyzed, as the sync leaves
 * it; the second one then starts on statistics that know nothing of its site (the local server
 * runs with autovacuum off, as some do). Prints both backfill rates and their ratio (goal: the
 * second within 20% of the first), and the second's pace as it goes. A backfill still running
 * after `--max-seconds` is measured over what it did by then.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoSiteProcess, tempPgDatabase } from './sync-support';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '250000' },
    concurrency: { type: 'string', default: '2' },
    'max-seconds': { type: 'string', default: '420' },
  },
});
const CONCURRENCY = Number(values.concurrency);
const MAX_SECONDS = Number(values['max-seconds']);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-'));
  const database = await tempPgDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  const seedStarted = performance.now();
  const site = await startDemoSiteProcess(dir, values.size!);
  console.log(
    `demo site: --size ${values.size}, ready in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
  );
  try {
    const { createBmClient } = await import('@/lib/infra/better-messages');
    const { getDb, closeDb } = await import('@/lib/infra/db/client');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { SiteSyncer } = await import('@/lib/services/site-index/sync/site-syncer');
    const { readState } = await import('@/lib/services/site-index/sync/context');
    const { syncState } = await import('@/lib/services/site-index/schema');
    const { vacuumIndex } = await import('@/lib/services/site-index/sync/maintenance');
    const { sql } = await import('drizzle-orm');
    const db = await getDb();
    const scalar = async (query: ReturnType<typeof sql>) =>
      ((await db.execute(query)) as unknown as { rows: Record<string, string>[] }).rows[0]!;
    console.log(`PostgreSQL autovacuum: ${(await scalar(sql`SHOW autovacuum`)).autovacuum}`);

    /** One backfill from the first call to id 1 (or the time limit): its messages per second. */
    async function backfill(name: string): Promise<number> {
      const { id: siteId } = await insertSite({
        name,
        url: site.url,
        username: site.username,
        appPassword: site.appPassword,
        probe: { status: 'ok', reason: null, message: null },
      });
      await db.insert(syncState).values({ siteId, concurrency: CONCURRENCY });
      const client = createBmClient({
        siteUrl: site.url,
        username: site.username,
        appPassword: site.appPassword,
        timeoutMs: 60_000,
      });
      const syncer = new SiteSyncer({ db, siteId, client });
      const started = performance.now();
      const elapsed = () => (performance.now() - started) / 1000;
      syncer.start();
      let lastLine = 0;
      let lastCovered = 0;
      let top = 0;
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const s = await readState(db, siteId);
        if (s.backfillCursor === null || s.highestId === null) continue;
        top = s.highestId;
        const covered = top - Math.max(1, s.backfillCursor) + 1;
        if (s.backfillCursor <= 1 || elapsed() > MAX_SECONDS) break;
        if (elapsed() - lastLine >= 30) {
          const pace = (covered - lastCovered) / (elapsed() - lastLine);
          console.log(
            `  ${name}: ${elapsed().toFixed(0)} s, ${covered} ids covered (${((covered / top) * 100).toFixed(0)}%), ${pace.toFixed(0)} ids/s over the last 30 s`,
          );
          lastLine = elapsed();
          lastCovered = covered;
        }
      }
      const seconds = elapsed();
      await syncer.stop();
      const state = await readState(db, siteId);
      // Cut short: the statistics the sync leaves at its end all the same, for the next site.
      if (state.backfillCursor! > 1) await vacuumIndex(db, 'backfill-done', siteId);
      const { n } = await scalar(
        sql`SELECT count(*)::int AS n FROM site_index_messages WHERE site_id = ${siteId}`,
      );
      const rate = Number(n) / seconds;
      console.log(
        `${name}: ${n} messages in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} messages/s` +
          (state.backfillCursor! > 1 ? ` (stopped at the ${MAX_SECONDS} s limit)` : '') +
          (state.lastError ? `; last error: ${state.lastError}` : ''),
      );
      return rate;
    }

    const first = await backfill('first site');
    const second = await backfill('second site');
    console.log(
      `second / first: ${(second / first).toFixed(2)} (goal: at least 0.80); concurrency ${CONCURRENCY}`,
    );
    await closeDb();
  } finally {
    site.child.kill('SIGTERM');
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

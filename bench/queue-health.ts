/**
 * Queue health on the overview, on PostgreSQL: `getQueueHealth` (p50/p95 per day, decisions per
 * member, rules share) and `getOldestWaiting` over a big audit log, p50/p95 of each.
 *
 *   npx tsx --conditions=react-server bench/queue-health.ts [--decisions 100000] [--noise 400000] [--runs 20] [--explain]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * The site gets `decisions` queue decisions over the last 13 days (one in ten by a rule, one in
 * twenty refused) from 7 members, plus 20,000 other actions; `noise` more audit rows go to other
 * sites and to the months before, as a long-lived desk would hold. A temporary database is
 * created on the PostgreSQL at 127.0.0.1:5432 (or BMDESK_TEST_PG_URL) and dropped after the run.
 * `--explain` prints the plan; `--keep` leaves the database for a look with psql. Nothing here is a test.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { analyzeAsKept } from './sync-support';

const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '100000' },
    noise: { type: 'string', default: '400000' },
    runs: { type: 'string', default: '20' },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const DECISIONS = Number(values.decisions);
const NOISE = Number(values.noise);
const RUNS = Number(values.runs);
const PG_ADMIN = process.env.BMDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(q: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  await c.query(q).finally(() => c.end());
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(fn: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms`;
}

async function main() {
  const name = `bmdesk_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  try {
    const { getDb, closeDb } = await import('@/lib/infra/db/client');
    const { sql } = await import('drizzle-orm');
    const { sites } = await import('@/lib/infra/db/schema');
    const { ALL_QUEUE_DECISION_ACTIONS: ACTIONS } = await import('@/lib/services/queues/decision-actions');
    const { getOldestWaiting, getQueueHealth, queueHealthQuery } =
      await import('@/lib/services/overview/health');
    const db = await getDb();
    const insertSite = async (slug: string) =>
      (
        await db
          .insert(sites)
          .values({ slug, name: slug, url: 'https://bench.test', username: 'a', sealedPassword: 'x' })
          .returning({ id: sites.id })
      )[0]!.id;
    const siteId = await insertSite('bench');
    const otherId = await insertSite('other');
    const actions = ACTIONS.map((a) => `'${a}'`).join(',');
    const t0 = performance.now();
    // Oldest first, as the log is written: ids grow with time.
    await db.execute(
      sql.raw(`
      INSERT INTO audit_log (at, member_id, site_id, action, target)
      SELECT now() - interval '14 days' - (i % 200000) * interval '1 minute',
        1, CASE WHEN i % 2 = 0 THEN ${otherId} ELSE ${siteId} END, 'dismissReports', jsonb_build_object('messageId', i)
      FROM generate_series(1, ${NOISE}) i`),
    );
    await db.execute(
      sql.raw(`
      INSERT INTO audit_log (at, member_id, member_email, site_id, action, target, params)
      SELECT now() - (i % (13 * 24 * 60)) * interval '1 minute', 1000 + i % 7, 'm' || (i % 7) || '@bench.test', ${siteId},
        (ARRAY[${actions}])[1 + i % ${ACTIONS.length}],
        jsonb_build_object('messageId', i, 'bmUserId', i % 300, 'queuedAt', to_char((now() - (i % (13 * 24 * 60)) * interval '1 minute' - (i % 500) * interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
        CASE WHEN i % 10 = 0 THEN '{"rule":{"id":1,"name":"r"}}'::jsonb ELSE '{"reason":"x"}'::jsonb END
      FROM generate_series(1, ${DECISIONS}) i`),
    );
    await db.execute(
      sql.raw(`
      INSERT INTO audit_log (at, member_id, site_id, action, target)
      SELECT now() - (i % 10000) * interval '1 minute', 1, ${siteId}, 'banUserInThread', '{"threadId":1}'::jsonb
      FROM generate_series(1, 20000) i`),
    );
    await db.execute(
      sql.raw(`
      INSERT INTO audit_outcomes (audit_id, outcome, duration_ms)
      SELECT id, CASE WHEN coalesce((target->>'messageId')::int % 20 = 0, false) THEN 'failed' ELSE 'ok' END, 3
      FROM audit_log`),
    );
    const analyzed = await analyzeAsKept(['audit_log', 'audit_outcomes']);
    console.log(`[bench] analyzed as BM Desk keeps its statistics: ${analyzed.join(', ')}`);
    console.log(
      `[bench] seeded ${(DECISIONS + 20_000 + NOISE).toLocaleString('en')} audit rows in ${Math.round(performance.now() - t0)} ms`,
    );

    const health = await getQueueHealth(siteId);
    console.log(
      `[bench] ${health.totals.decisions.toLocaleString('en')} decisions in the window, ${health.totals.byRules.toLocaleString('en')} by rules, ${health.moderators.length} members`,
    );
    if (values.explain) {
      const plan = (await db.execute(
        sql`EXPLAIN (ANALYZE, BUFFERS) ${await queueHealthQuery(siteId)}`,
      )) as unknown as {
        rows: Record<string, string>[];
      };
      console.log(plan.rows.map((r) => Object.values(r)[0]).join('\n'));
    }
    console.log(`[bench] getQueueHealth: ${await time(() => getQueueHealth(siteId))}`);
    console.log(`[bench] getOldestWaiting: ${await time(() => getOldestWaiting(siteId))}`);
    await closeDb();
  } finally {
    if (values.keep) console.log(`[bench] kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

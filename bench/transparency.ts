/**
 * The transparency report and the statements of reasons export on PostgreSQL, over a long-lived
 * site's record: `getTransparencyReport` for 30 days and for a year (p50/p95), and the year's
 * statements CSV streamed to the end (rows, time, heap growth).
 *
 *   NODE_OPTIONS=--expose-gc npx tsx --conditions=react-server bench/transparency.ts [--decisions 300000] [--runs 10] [--explain]
 *
 * The site gets `decisions` decisions one a minute back from now (300,000 reach back 208 days) (one in four by a rule, one in three
 * with a notice, one in thirty appealed); as many again go to another site. A temporary database
 * is created on the PostgreSQL at 127.0.0.1:5432 (or BMDESK_TEST_PG_URL) and dropped after the
 * run. Nothing here is a test.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { analyzeAsKept } from './sync-support';

const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '10' },
    explain: { type: 'boolean', default: false },
  },
});
const DECISIONS = Number(values.decisions);
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
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms`;
}

const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

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
    const { getTransparencyReport } = await import('@/lib/services/transparency/report');
    const { statementsCsvStream } = await import('@/lib/services/transparency/statements');
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
    const t0 = performance.now();
    for (const site of [siteId, otherId]) {
      await db.execute(
        sql.raw(`
        INSERT INTO moderation_decisions (site_id, kind, subject_user_id, subject_name, thread_ids, message_ids,
          reason_code, reason_title, free_text, ground, automated, rule_id, actor_name, strike, queued_at, created_at)
        SELECT ${site}, (ARRAY['warning','ban','mute','delete','reject','dismiss','hold'])[1 + i % 7], i % 5000, 'member ' || (i % 5000),
          ARRAY[i % 900]::bigint[], ARRAY[i]::bigint[],
          (ARRAY['spam','harassment','hate',NULL])[1 + i % 4], (ARRAY['Spam','Harassment','Hate',NULL])[1 + i % 4],
          CASE WHEN i % 5 = 0 THEN '=free text ' || i END, CASE WHEN i % 4 <> 3 THEN 'terms' END,
          i % 4 = 0, CASE WHEN i % 4 = 0 THEN 1 END, 'm' || (i % 7), i % 3 = 0,
          CASE WHEN i % 2 = 0 THEN now() - (i % 525600) * interval '1 minute' - (i % 600) * interval '1 minute' END,
          now() - (i % 525600) * interval '1 minute'
        FROM generate_series(1, ${DECISIONS}) i`),
      );
    }
    await db.execute(
      sql.raw(`
      INSERT INTO moderation_notices (site_id, kind, decision_id, recipient_user_id, body, status, created_at, sent_at)
      SELECT site_id, 'decision', id, subject_user_id, 'x', (ARRAY['sent','sent','sent','failed','off'])[1 + id % 5],
        created_at, CASE WHEN id % 5 < 3 THEN created_at END
      FROM moderation_decisions WHERE strike`),
    );
    await db.execute(
      sql.raw(`
      INSERT INTO appeals (site_id, decision_id, thread_id, member_user_id, status, opened_at, decided_at)
      SELECT site_id, id, 1, subject_user_id, (ARRAY['open','upheld','overturned'])[1 + id % 3],
        created_at + interval '1 hour', CASE WHEN id % 3 <> 0 THEN created_at + interval '1 day' END
      FROM moderation_decisions WHERE strike AND id % 10 = 0`),
    );
    const analyzed = await analyzeAsKept(['moderation_decisions', 'moderation_notices', 'appeals']);
    console.log(`[bench] analyzed as BM Desk keeps its statistics: ${analyzed.join(', ')}`);
    console.log(
      `[bench] seeded ${(2 * DECISIONS).toLocaleString('en')} decisions in ${Math.round(performance.now() - t0)} ms`,
    );

    const month = { firstDay: day(29 * 86_400_000), lastDay: day(0) };
    const year = { firstDay: day(364 * 86_400_000), lastDay: day(0) };
    const r = await getTransparencyReport(siteId, year);
    console.log(
      `[bench] year: ${r.decisions.total.toLocaleString('en')} decisions, ${r.notices.total.toLocaleString('en')} notices, ${r.appeals.made.toLocaleString('en')} appeals; median to decision ${r.medians.decisionSeconds} s`,
    );
    if (values.explain) {
      const plan = (await db.execute(
        sql`EXPLAIN (ANALYZE, BUFFERS) SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - queued_at)::float8) FROM moderation_decisions WHERE site_id = ${siteId} AND created_at >= now() - interval '30 days'`,
      )) as unknown as { rows: Record<string, string>[] };
      console.log(plan.rows.map((row) => Object.values(row)[0]).join('\n'));
    }
    console.log(`[bench] report, 30 days: ${await time(() => getTransparencyReport(siteId, month))}`);
    console.log(`[bench] report, a year: ${await time(() => getTransparencyReport(siteId, year))}`);

    // Read to the end twice: once for the time, once with a full collection after every page
    // (--expose-gc), so the heap's growth is what the stream holds, not garbage not yet collected.
    const readAll = async (collect: boolean) => {
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      let peak = heap0;
      let bytes = 0;
      let lines = 0;
      const reader = (await statementsCsvStream(siteId, year)).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (const b of value) if (b === 10) lines++;
        if (collect) global.gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      return { rows: lines - 1, bytes, grew: peak - heap0 };
    };
    const t1 = performance.now();
    const timed = await readAll(false);
    const ms = Math.round(performance.now() - t1);
    const held = global.gc
      ? `heap grew at most ${((await readAll(true)).grew / 1e6).toFixed(1)} MB`
      : 'run with NODE_OPTIONS=--expose-gc for the heap';
    console.log(
      `[bench] statements CSV, a year: ${timed.rows.toLocaleString('en')} rows, ${(timed.bytes / 1e6).toFixed(1)} MB in ${ms} ms; ${held}`,
    );
    await closeDb();
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

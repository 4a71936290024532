/**
 * Support inbox benchmark on PostgreSQL: 50,000 conversations in triage, the inbox's first page
 * (rows + total, as the page asks) and the per-view counts, p50/p95 for every view.
 *
 *   npx tsx --conditions=react-server bench/triage-inbox.ts [--conversations 50000] [--runs 60]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * A temporary database is created on the PostgreSQL at 127.0.0.1:5432 (or BMDESK_TEST_PG_URL)
 * and dropped after the run. Goal: first page p95 < 100 ms for every view.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '60' },
  },
});
const N = Number(values.conversations);
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

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 50), p95: pct(ms, 95) };
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
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { createMember } = await import('@/lib/infra/auth/members');
    const { getInbox, getInboxCounts } = await import('@/lib/services/triage/queries');
    const { catchUpTriage } = await import('@/lib/services/triage/catch-up');
    const { INBOX_VIEWS } = await import('@/lib/services/triage/constants');
    const db = await getDb();

    const site = await insertSite({
      name: 'Bench site',
      url: 'https://bench.example.test',
      username: 'admin',
      appPassword: 'bench',
      probe: { status: 'ok', reason: null, message: null },
    });
    const team = [];
    for (let i = 0; i < 8; i++) {
      team.push(
        await createMember({
          email: `agent${i}@bench.test`,
          name: `Agent ${i}`,
          password: 'bench-password-long',
          role: 'support',
        }),
      );
    }
    const ids = team.map((m) => m.id);
    const seeded = performance.now();
    // The index threads the conversations stand on, then the triage state: realistic spreads of
    // status, assignee, priority, waiting time and labels.
    await db.execute(sql`
      INSERT INTO site_index_threads (site_id, id, type, subject, participants, participant_count,
        first_activity_at, last_activity_at, last_message_id, message_count)
      SELECT ${site.id}, g, 'thread', 'Question number ' || g, ARRAY[7, 1000 + g]::integer[], 2,
        now() - (g % 9000) * interval '1 minute' - interval '1 day',
        now() - (g % 9000) * interval '1 minute', g * 10, 4
      FROM generate_series(1, ${N}) g`);
    await db.execute(sql`INSERT INTO support_accounts (site_id, bm_user_id, username, name)
      VALUES (${site.id}, 7, 'support', 'Support')`);
    await db.execute(sql`
      INSERT INTO triage_conversations (site_id, thread_id, source, status, status_changed_at, snoozed_until,
        priority, assignee_id, waiting_since, first_user_message_at, first_response_at, resolved_at,
        seen_message_id, seen_message_count)
      SELECT ${site.id}, g, 'participant', s.status, now() - interval '2 days',
        CASE WHEN s.status = 'snoozed' THEN now() + interval '1 day' END,
        (ARRAY['urgent','high','medium','low','none','none','none'])[1 + g % 7],
        CASE WHEN g % 7 < 2 THEN NULL ELSE (${sql.raw(`ARRAY[${ids.join(',')}]`)})[1 + (g / 7) % ${ids.length}] END,
        CASE WHEN s.status IN ('open', 'snoozed') AND g % 6 <> 0
          THEN now() - ((g * 7919) % 10080) * interval '1 minute' END,
        now() - interval '8 days', now() - interval '7 days',
        CASE WHEN s.status = 'resolved' THEN now() - ((g * 31) % 10080) * interval '1 minute' END,
        g * 10, 4
      FROM generate_series(1, ${N}) g,
        LATERAL (SELECT (ARRAY['open','open','open','open','pending','pending','snoozed','resolved','resolved','resolved'])[1 + g % 10] AS status) s`);
    await db.execute(
      sql`INSERT INTO triage_labels (name, colour) VALUES ('Billing', 'blue'), ('Bug', 'red'), ('VIP', 'purple')`,
    );
    await db.execute(sql`
      INSERT INTO triage_conversation_labels (site_id, thread_id, label_id)
      SELECT ${site.id}, g, (SELECT min(id) FROM triage_labels) + g % 3 FROM generate_series(1, ${N}, 5) g`);
    await db.execute(sql`ANALYZE`);
    console.log(
      `seeded ${N.toLocaleString('en')} conversations in ${((performance.now() - seeded) / 1000).toFixed(1)} s (PostgreSQL, ${RUNS} runs per figure after 5 warm-up)`,
    );

    const me = ids[0]!;
    console.log(
      '\nview         rows  total    first page p50 / p95     counts p50 / p95    all sites p50 / p95',
    );
    let worst = 0;
    for (const view of INBOX_VIEWS) {
      const filter = { siteId: site.id, view, memberId: me };
      // The page's default order: longest waiting first; resolved ones newest-resolved first.
      const request = {
        perPage: 25,
        sort: view === 'resolved' ? [{ id: 'resolvedAt' as const, desc: true }] : undefined,
      };
      const sample = await getInbox(filter, request);
      const page = await time(() => getInbox(filter, request));
      const counts = await time(() => getInboxCounts({ siteId: site.id, memberId: me }));
      const across = await time(() => getInbox({ view, memberId: me }, request));
      worst = Math.max(worst, page.p95, across.p95);
      console.log(
        `${view.padEnd(11)} ${String(sample.rows.length).padStart(5)} ${String(sample.total).padStart(6)}` +
          `    ${page.p50.toFixed(1).padStart(6)} / ${page.p95.toFixed(1).padStart(6)} ms` +
          `    ${counts.p50.toFixed(1).padStart(6)} / ${counts.p95.toFixed(1).padStart(6)} ms` +
          `    ${across.p50.toFixed(1).padStart(6)} / ${across.p95.toFixed(1).padStart(6)} ms`,
      );
    }
    const labelled = await time(() =>
      getInbox(
        { siteId: site.id, view: 'open', memberId: me, labelId: undefined, priority: 'urgent' },
        { perPage: 25 },
      ),
    );
    console.log(`open + priority urgent: ${labelled.p50.toFixed(1)} / ${labelled.p95.toFixed(1)} ms`);
    const sorted = await time(() =>
      getInbox(
        { siteId: site.id, view: 'open', memberId: me },
        { perPage: 25, sort: [{ id: 'lastActivityAt', desc: true }] },
      ),
    );
    console.log(`open sorted by last activity: ${sorted.p50.toFixed(1)} / ${sorted.p95.toFixed(1)} ms`);

    // The catch-up pass a page view makes (throttled to one per site every 3 s), nothing changed:
    // while the index backfills it looks at every thread, after that only at recent activity.
    const full = await time(() => catchUpTriage(site.id));
    await db.execute(
      sql`INSERT INTO site_index_sync_state (site_id, backfill_finished_at) VALUES (${site.id}, now())`,
    );
    await catchUpTriage(site.id);
    const incremental = await time(() => catchUpTriage(site.id));
    console.log(
      `catch-up pass, nothing new: during backfill ${full.p50.toFixed(1)} / ${full.p95.toFixed(1)} ms, ` +
        `after it ${incremental.p50.toFixed(1)} / ${incremental.p95.toFixed(1)} ms`,
    );
    console.log(
      `\nworst first-page p95: ${worst.toFixed(1)} ms (goal < 100 ms): ${worst < 100 ? 'met' : 'NOT met'}`,
    );
    await closeDb();
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e: Error) => console.error(e.message));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

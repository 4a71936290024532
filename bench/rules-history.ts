/**
 * "Try on history" on PostgreSQL: one rule over an index of 1,000,000 messages spread over 90 days
 * (goal from issue 19: under 10 s), for a word list with look-alike spellings, the same without,
 * links outside an allow-list, and regular expressions alone: one whose literal text PostgreSQL
 * narrows by, one with none (the matcher reads every message of the window). Each figure is the
 * run's own `ms` (and wall time).
 *
 *   npx tsx --conditions=react-server bench/rules-history.ts [--messages 1000000] [--days 30]
 *   (lib/'s server modules import 'server-only', which throws outside the react-server condition)
 *
 * A database `bench_rules_<stamp>` is created on the PostgreSQL at 127.0.0.1:5432 (or
 * BMDESK_TEST_PG_URL) and dropped after the run.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '30' },
    /** Keep the database afterwards (its name is printed) to look at the plans. */
    keep: { type: 'boolean', default: false },
    /** A database kept by an earlier run (`--keep`): no seeding, dropped after unless --keep. */
    reuse: { type: 'string' },
  },
});
const N = Number(values.messages);
const DAYS = Number(values.days);
const PG_ADMIN = process.env.BMDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(q: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  await c.query(q).finally(() => c.end());
}

async function main() {
  const name = values.reuse ?? `bench_rules_${Date.now()}_${crypto.randomBytes(2).toString('hex')}`;
  if (!/^bench_rules_[a-z0-9_]+$/.test(name)) throw new Error(`not a database of this bench: ${name}`);
  if (!values.reuse) await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  try {
    const { getDb, closeDb } = await import('@/lib/infra/db/client');
    const { sql } = await import('drizzle-orm');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { tryOnHistory } = await import('@/lib/services/rules/history');
    const db = await getDb();
    const site = values.reuse
      ? { id: 1 }
      : await insertSite({
          name: 'Bench site',
          url: 'https://bench.example.test',
          username: 'admin',
          appPassword: 'bench',
          probe: { status: 'ok', reason: null, message: null },
        });
    if (!values.reuse) {
      const seeded = performance.now();
      await db.execute(sql`
      INSERT INTO site_index_users (site_id, id, name, is_guest)
      SELECT ${site.id}, g, 'Member ' || g, false FROM generate_series(1, 5000) g`);
      await db.execute(sql`
      INSERT INTO site_index_threads (site_id, id, type, subject, participants, participant_count)
      SELECT ${site.id}, g, (ARRAY['thread','group','chat-room'])[1 + g % 3], 'Thread ' || g, ARRAY[1 + g % 5000]::integer[], 2
      FROM generate_series(1, 20000) g`);
      // Ordinary chatter from a 40-word vocabulary; 1 in 100 mentions a casino (1 in 5 of those
      // disguised: c4sino, caaasino), 1 in 30 has a link (to a few domains), 1 in 50 an e-mail.
      const step = 500_000;
      const n = sql.raw(String(N));
      for (let from = 1; from <= N; from += step) {
        const to = Math.min(N, from + step - 1);
        await db.execute(sql`
        INSERT INTO site_index_messages (site_id, id, thread_id, sender_id, created_at, html, text)
        SELECT ${site.id}, g, 1 + (g::bigint * 7919) % 20000, 1 + (g::bigint * 104729) % 5000,
          now() - ((${n} - g)::float8 / ${n}) * interval '90 days', '', body
        FROM generate_series(${sql.raw(String(from))}, ${sql.raw(String(to))}) g,
        LATERAL (SELECT
          (SELECT string_agg(w[1 + ((g * p) % 40)], ' ')
             FROM unnest(ARRAY[3, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43]) p,
                  (SELECT ARRAY['hello','thanks','meeting','tomorrow','garden','club','photos','weekend',
                    'question','answer','coffee','price','delivery','order','ticket','support','please',
                    'today','later','great','idea','music','book','game','train','school','holiday','dinner',
                    'morning','evening','friends','family','work','project','update','news','weather',
                    'happy','birthday','party']) v(w))
          || CASE WHEN g % 100 = 7 THEN (ARRAY[' casino bonus',' casino night',' c4sino',' caaasino',' casino'])[1 + (g / 100) % 5] ELSE '' END
          || CASE WHEN g % 30 = 7 THEN ' see https://' || (ARRAY['example.com','shop.example.org','spam-' || (g % 97) || '.biz'])[1 + (g / 30) % 3] || '/p/' || g ELSE '' END
          || CASE WHEN g % 50 = 9 THEN ' write to me' || g || '@mail.example.net' ELSE '' END AS body) b`);
      }
      await db.execute(sql`VACUUM ANALYZE site_index_messages`);
      console.log(
        `seeded ${N.toLocaleString('en')} messages over 90 days in ${((performance.now() - seeded) / 1000).toFixed(1)} s (PostgreSQL)`,
      );
    }
    const cases: [string, Parameters<typeof tryOnHistory>[0]['conditions'], number][] = [
      ['words (look-alikes)', { type: 'words', words: ['casino'], obfuscation: true }, DAYS],
      ['words (look-alikes)', { type: 'words', words: ['casino'], obfuscation: true }, 90],
      ['words (plain)', { type: 'words', words: ['casino', 'poker'], obfuscation: false }, 90],
      ['link outside allow-list', { type: 'domain-outside', allow: ['example.com', 'example.org'] }, 90],
      [
        'words AND link',
        { all: [{ type: 'words', words: ['casino'], obfuscation: true }, { type: 'link' }] },
        90,
      ],
      ['regex (its text in SQL)', { type: 'regex', pattern: 'c[a4]+sino', caseSensitive: false }, 90],
      ['regex, no literal text', { type: 'regex', pattern: 'c[a4]+s+[i1]n[o0]', caseSensitive: false }, 90],
    ];
    console.log(
      '\nrule                          days   in window    candidates   matched   run ms   wall ms   stopped',
    );
    for (const [label, conditions, days] of cases) {
      const t0 = performance.now();
      const r = await tryOnHistory({ siteId: site.id, conditions, triggers: ['message'], days });
      const wall = performance.now() - t0;
      console.log(
        `${label.padEnd(28)} ${String(days).padStart(5)} ${r.inWindow.toLocaleString('en').padStart(11)} ` +
          `${r.candidates.toLocaleString('en').padStart(13)} ${r.matched.toLocaleString('en').padStart(9)} ` +
          `${String(r.ms).padStart(8)} ${wall.toFixed(0).padStart(9)}   ${r.stopped ? `yes (${r.checked.toLocaleString('en')} checked)` : 'no'}`,
      );
    }
    await closeDb();
  } finally {
    if (values.keep) console.log(`kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

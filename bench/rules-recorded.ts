/**
 * What the rules recorded for a pass's messages, on a site with many recorded matches (a rule in
 * dry run for months records every message it would have acted on). A rules pass asks it for
 * every new message when it does not continue its process's last pass (a start, another process
 * moved the cursor) and for every reported message in any pass: `recordedPart` in
 * lib/services/rules/pass.ts, on PostgreSQL.
 *
 *   npx tsx --conditions=react-server bench/rules-recorded.ts [--matches 1000000] [--ids 500] [--runs 20]
 *
 * Seeds `--matches` rows into rule_matches for one site (and as many for a second site, so that
 * the site's own rows are not the whole table), then times the statement for `--ids` message ids
 * (the newest, half of them recorded) as a pass asks now (a lookup per id in rule_matches_message),
 * and as it asked before migration 0018 (the site's matches walked, filtered by id). Prints the
 * medians and their ratio. No ANALYZE is run: autovacuum may be off, as on this machine.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { tempPgDatabase } from './sync-support';

const { values } = parseArgs({
  options: {
    matches: { type: 'string', default: '1000000' },
    ids: { type: 'string', default: '500' },
    runs: { type: 'string', default: '20' },
  },
});
const MATCHES = Number(values.matches);
const IDS = Number(values.ids);
const RUNS = Number(values.runs);

async function main() {
  const database = await tempPgDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.BMDESK_SECRET_KEY ??= crypto.randomBytes(32).toString('hex');
  try {
    const { getDb, closeDb } = await import('@/lib/infra/db/client');
    const { createMember } = await import('@/lib/infra/auth/members');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { rules } = await import('@/lib/services/rules/schema');
    const { recordedPart } = await import('@/lib/services/rules/pass');
    const { rowsOf } = await import('@/lib/infra/db/rows');
    const { sql } = await import('drizzle-orm');
    const db = await getDb();
    const member = await createMember({
      email: `recorded-bench-${Date.now()}@example.test`,
      name: 'Bench Admin',
      password: 'bench-password-long',
      role: 'admin',
    });
    const sites: number[] = [];
    for (const name of ['Recorded bench A', 'Recorded bench B']) {
      const site = await insertSite({
        name,
        url: `https://${name.replace(/\W+/g, '-').toLowerCase()}.example`,
        username: 'admin',
        appPassword: 'abcd efgh ijkl mnop qrst uvwx',
        probe: { status: 'ok', reason: null, message: null },
      });
      sites.push(site.id);
    }
    const ruleIds: number[] = [];
    for (const siteId of sites) {
      const [rule] = await db
        .insert(rules)
        .values({
          siteId,
          name: 'Links (dry run)',
          mode: 'dry-run',
          conditions: { type: 'link' },
          actions: [{ type: 'review' }],
          triggers: ['message'],
          switchedBy: member.id,
          switchedAt: new Date(),
        })
        .returning({ id: rules.id });
      ruleIds.push(rule!.id);
    }
    const seeded = performance.now();
    for (let i = 0; i < sites.length; i++) {
      // Every other message of the site matched, over 90 days.
      await db.execute(sql`
        INSERT INTO rule_matches (rule_id, site_id, trigger, message_id, thread_id, sender_id, at, dry_run, outcomes, because)
        SELECT ${ruleIds[i]}, ${sites[i]}, 'message', g * 2, 1 + g % 5000, 1 + g % 20000,
          now() - make_interval(secs => (${MATCHES} - g) * (90.0 * 86400 / ${MATCHES})), true,
          '[{"type":"review","outcome":"would"}]'::jsonb, '[{"kind":"link"}]'::jsonb
        FROM generate_series(1, ${MATCHES}) g`);
    }
    console.log(
      `seeded ${MATCHES.toLocaleString('en')} matches per site, 2 sites, in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    // The newest ids of site B: every other one recorded.
    const top = MATCHES * 2;
    const ids = Array.from({ length: IDS }, (_, k) => top - k);
    const part = recordedPart(sites[1]!, ids);
    // The statement before 0018: the site's matches by rule_matches_site_at, filtered by id.
    const before = sql`SELECT rule_id, message_id, trigger FROM rule_matches
      WHERE site_id = ${sites[1]!} AND message_id = ANY(${`{${ids.join(',')}}`}::bigint[])`;
    const time = async (statement: typeof part, runs: number) => {
      const ms: number[] = [];
      let found = 0;
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        found = rowsOf(await db.execute(statement)).length;
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      return { median: ms[(ms.length - 1) >> 1]!, found };
    };
    const plan = async (statement: typeof part) => {
      const explained = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`EXPLAIN ${statement}`));
      return explained
        .map((r) => r['QUERY PLAN'].trim())
        .filter((l) => /Scan|Nested/.test(l))
        .map((l) => l.replace(/^->\s*/, '').replace(/\s+\(cost.*$/, ''))
        .join(' / ');
    };
    const now = await time(part, RUNS);
    const nowPlan = await plan(part);
    await db.execute(sql`DROP INDEX rule_matches_message`);
    const then = await time(before, Math.min(RUNS, 5));
    const thenPlan = await plan(before);
    if (then.found !== now.found) throw new Error('the two statements found different rows');
    console.log(`\n${IDS} message ids asked, ${now.found} recorded (PostgreSQL, no statistics)`);
    console.log(`now (0018, a lookup per id): median ${now.median.toFixed(2)} ms (${nowPlan})`);
    console.log(`before 0018: median ${then.median.toFixed(1)} ms (${thenPlan})`);
    console.log(`ratio: ${(then.median / now.median).toFixed(0)}x faster now`);
    await closeDb();
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

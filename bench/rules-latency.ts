/**
 * From a matching message sent on the demo site to the rule's action done.
 *
 *   npx tsx --conditions=react-server bench/rules-latency.ts [--interval 5] [--messages 6]
 *
 * The demo site (small) indexed by the real SiteSyncer at its ordinary pace (an incremental pass
 * every `--interval` seconds, no pokes), the rules hooked in as the sync worker hooks them, one
 * rule on ("delete" on a word). A member sends `--messages` matching messages at random moments
 * with their own application password; for each: the time until the rule's match records the
 * delete done, and until the site no longer has the message. Goal: under the interval + 2 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    interval: { type: 'string', default: '5' },
    messages: { type: 'string', default: '6' },
  },
});
const INTERVAL = Number(values.interval);
const MESSAGES = Number(values.messages);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bench-rules-latency-'));
  process.env.BMDESK_DATA_DIR = path.join(dir, 'data');
  const { startDemoSite } = await import('@/demo-site/index');
  const site = await startDemoSite({ port: 0, dataDir: path.join(dir, 'site'), size: 'small', reset: true });
  try {
    const bm = await import('@/lib/infra/better-messages');
    const { getDb, closeDb } = await import('@/lib/infra/db/client');
    const { createMember } = await import('@/lib/infra/auth/members');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const { SiteSyncer } = await import('@/lib/services/site-index/sync/site-syncer');
    const { syncState } = await import('@/lib/services/site-index/schema');
    const { registerRulesSyncHooks, startRulesCursor } = await import('@/lib/services/rules/pass');
    const { rules, ruleMatches } = await import('@/lib/services/rules/schema');
    const { and, eq } = await import('drizzle-orm');
    const c = site.credentials;
    const as = (n: string) =>
      bm.createBmClient({
        siteUrl: site.url,
        username: c[`BM_SITE_USER${n}`]!,
        appPassword: c[`BM_SITE_APP_PASSWORD${n}`]!,
      });
    const admin = as('');
    const member2 = as('2');
    const db = await getDb();
    const row = await insertSite({
      name: 'Rules latency bench',
      url: site.url,
      username: c.BM_SITE_USER!,
      appPassword: c.BM_SITE_APP_PASSWORD!,
      probe: { status: 'ok', reason: null, message: null },
    });
    const siteId = row.id;
    await db.insert(syncState).values({ siteId, intervalSeconds: INTERVAL }).onConflictDoNothing();
    registerRulesSyncHooks();
    const syncer = new SiteSyncer({ db, siteId, client: admin });
    syncer.start();
    for (;;) {
      const [s] = await db.select().from(syncState).where(eq(syncState.siteId, siteId));
      if (s?.backfillCursor != null && s.backfillCursor <= 1) break;
      await sleep(200);
    }
    const member = await createMember({
      email: `rules-latency-${Date.now()}@example.test`,
      name: 'Bench Admin',
      password: 'bench-password-long',
      role: 'admin',
    });
    const [rule] = await db
      .insert(rules)
      .values({
        siteId,
        name: 'Latency: delete on a word',
        mode: 'on',
        conditions: { type: 'words', words: ['jackpotspam'], obfuscation: true },
        actions: [{ type: 'delete' }],
        cooldownSeconds: 0,
        switchedBy: member.id,
        switchedAt: new Date(),
      })
      .returning();
    await startRulesCursor(db, siteId);
    const adminId = Number(c.BM_SITE_USER_ID);
    const { threadId } = await bm.createThread(member2, { recipientBmUserIds: [adminId], message: 'hello' });

    const done: number[] = [];
    const gone: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      await sleep(Math.random() * INTERVAL * 1000);
      const t0 = performance.now();
      const sent = await bm.sendMessage(member2, threadId, { message: `win the j4ckpotspam now ${i}` });
      const id = sent.message_id;
      for (;;) {
        const [m] = await db
          .select()
          .from(ruleMatches)
          .where(and(eq(ruleMatches.ruleId, rule!.id), eq(ruleMatches.messageId, id)));
        if (m && m.outcomes.length > 0) {
          done.push(performance.now() - t0);
          break;
        }
        if (performance.now() - t0 > 60_000) throw new Error(`message ${id} not acted on in 60 s`);
        await sleep(20);
      }
      for (;;) {
        const { rows } = await bm.getAdminMessagesByIds(admin, [id]);
        if (rows.length === 0) break;
        await sleep(20);
      }
      gone.push(performance.now() - t0);
      console.log(
        `message ${id}: action recorded after ${(done.at(-1)! / 1000).toFixed(2)} s, gone from the site after ${(gone.at(-1)! / 1000).toFixed(2)} s`,
      );
    }
    await syncer.stop();
    const stat = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `median ${(s[Math.floor(s.length / 2)]! / 1000).toFixed(2)} s, max ${(s.at(-1)! / 1000).toFixed(2)} s`;
    };
    console.log(`\nsync interval ${INTERVAL} s, ${MESSAGES} matching messages sent at random moments`);
    console.log(`sent → action done: ${stat(gone)} (goal < ${INTERVAL + 2} s = interval + 2 s)`);
    console.log(`sent → match recorded with its outcome: ${stat(done)}`);
    await closeDb();
  } finally {
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

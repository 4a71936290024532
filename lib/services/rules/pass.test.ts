/**
 * The rules pass on the real database against the demo site over real HTTP: a rule in dry run
 * records exactly the new matching messages (never history); switched on, a new matching
 * message is deleted (or sent to review) within one sync pass; the connected administrator's
 * identical message is left alone (protected); the cooldown holds; a rule that cannot compile is
 * switched off with the reason; a catastrophic regular expression does not stall the pass.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createThread, getAdminMessagesByIds, sendMessage, type BmClient } from '@/lib/infra/better-messages';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { auditLog, auditOutcomes, members } from '@/lib/infra/db/schema';
import { getDb } from '@/lib/infra/db/client';
import type { MessageRow } from '@/lib/services/site-index/convert';
import { markProtected, unmarkProtected } from '@/lib/services/policy/protected';
import { indexMessages, indexThreads, syncState } from '@/lib/services/site-index/schema';
import { storeBatch } from '@/lib/services/site-index/store';
import { noteWritten, type PassWrites } from '@/lib/services/site-index/sync/context';
import { unregisterSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import {
  backfillFinished,
  clientAs,
  connectSite,
  startTestSite,
  stopTestSite,
  waitFor,
} from '@/tests/support/site-index';
import { indexFacts, type KnownRange, rowToRuleMessage, ruleMessageColumns } from './evaluate';
import { asWritten, registerRulesSyncHooks, ruleCounters, runRulesPass, startRulesCursor } from './pass';
import { reviewItems, ruleMatches, rules, rulesCursor } from './schema';
import type { RuleAction, RuleCondition } from './tree';

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId: number;
let admin: BmClient;
let alice: BmClient;
let aliceId: number;
let bobId: number;
let adminId: number;
let member: Member;
let syncer: SiteSyncer;
let thread: number;
const fast = { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 300, tickMs: 50 };

async function addRule(input: {
  name: string;
  mode: 'dry-run' | 'on' | 'off';
  conditions: RuleCondition | unknown;
  actions: RuleAction[];
  cooldownSeconds?: number;
  triggers?: string[];
  site?: number;
  switchedBy?: number;
}) {
  const db = await getDb();
  const [row] = await db
    .insert(rules)
    .values({
      siteId: input.site ?? siteId,
      name: input.name,
      mode: input.mode,
      conditions: input.conditions,
      actions: input.actions,
      cooldownSeconds: input.cooldownSeconds ?? 0,
      triggers: input.triggers ?? ['message'],
      switchedBy: input.switchedBy ?? member.id,
      switchedAt: new Date(),
      createdBy: member.id,
    })
    .returning();
  await startRulesCursor(db, input.site ?? siteId);
  return row!;
}

async function matchesOf(ruleId: number) {
  const db = await getDb();
  return db
    .select()
    .from(ruleMatches)
    .where(eq(ruleMatches.ruleId, ruleId))
    .orderBy(asc(ruleMatches.messageId));
}

async function cursorAt(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, siteId));
  return row?.messageId ?? 0;
}

/** Sends, then waits for one sync pass to take the message in and the rules to pass over it. */
async function sendAndSync(client: BmClient, text: string): Promise<number> {
  const sent = await sendMessage(client, thread, { message: text });
  const id = sent.message_id;
  expect(id).toBeGreaterThan(0);
  return id;
}

async function passedOver(id: number) {
  syncer.poke();
  await waitFor(`rules cursor past ${id}`, async () => (await cursorAt()) >= id, 20_000);
}

async function onSite(id: number): Promise<boolean> {
  const { rows } = await getAdminMessagesByIds(admin, [id]);
  return rows.length === 1;
}

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId, client: admin } = await connectSite(t.site));
  alice = clientAs(t.site, '2');
  adminId = Number(t.site.credentials.BM_SITE_USER_ID);
  aliceId = Number(t.site.credentials.BM_SITE_USER2_ID);
  bobId = Number(t.site.credentials.BM_SITE_USER3_ID);
  member = await createMember({
    email: `rules-${Date.now()}@example.test`,
    name: 'Rule Admin',
    password: 'rules-password-long',
    role: 'admin',
  });
  const db = await getDb();
  await db.update(syncState).set({ intervalSeconds: 3600 }).where(eq(syncState.siteId, siteId));
  registerRulesSyncHooks();
  syncer = new SiteSyncer({ db, siteId, client: clientAs(t.site), options: fast });
  syncer.start();
  await waitFor('backfill', () => backfillFinished(siteId), 120_000);
  // A thread alice and the admin are both in.
  thread = (await createThread(alice, { recipientBmUserIds: [adminId, bobId], message: 'hello all' }))
    .threadId;
}, 180_000);

afterAll(async () => {
  await syncer?.stop();
  unregisterSyncHooks('rules');
  await stopTestSite(t);
});

describe('rules pass', () => {
  it('dry run lists exactly the new matching messages (not history), with the protected one skipped', async () => {
    const db = await getDb();
    const rule = await addRule({
      name: 'Pharma words',
      mode: 'dry-run',
      conditions: { type: 'words', words: ['viagra', 'casino'], obfuscation: true },
      actions: [{ type: 'delete' }],
    });
    const start = await cursorAt();
    const hit1 = await sendAndSync(alice, 'buy v1agra cheap');
    await sendAndSync(alice, 'a nice cocktail party');
    const hit2 = await sendAndSync(alice, 'VIIIAGRA!!');
    const protectedHit = await sendAndSync(admin, 'buy v1agra cheap');
    await passedOver(protectedHit);
    const found = await matchesOf(rule.id);
    expect(found.every((f) => f.messageId > start)).toBe(true);
    expect(found.map((f) => [f.messageId, f.dryRun, f.skipped?.split(':')[0] ?? null])).toEqual([
      [hit1, true, null],
      [hit2, true, null],
      [protectedHit, true, 'protected account'],
    ]);
    expect(found[0]!.outcomes).toEqual([{ type: 'delete', outcome: 'would' }]);
    expect(found[0]!.because).toEqual([{ condition: 'words', detail: 'viagra (as “v1agra”)' }]);
    // Nothing was done: every message is still on the site.
    for (const id of [hit1, hit2, protectedHit]) expect(await onSite(id)).toBe(true);
    const counters = await ruleCounters(siteId, db);
    expect(counters.get(rule.id)).toMatchObject({ today: 2, week: 2, skippedWeek: 1 });
    await db.update(rules).set({ mode: 'off' }).where(eq(rules.id, rule.id));
  });

  it('switched on: the next matching message is deleted within one sync pass, audited with the rule; cooldown and protection hold', async () => {
    const db = await getDb();
    const rule = await addRule({
      name: 'Casino spam',
      mode: 'on',
      conditions: { all: [{ type: 'words', words: ['casino'], obfuscation: true }, { type: 'link' }] },
      actions: [{ type: 'delete' }],
      cooldownSeconds: 600,
    });
    const spam = await sendAndSync(alice, 'best c4sino at https://spam.example/win');
    await passedOver(spam);
    expect(await onSite(spam)).toBe(false);
    const [m] = await matchesOf(rule.id);
    expect(m).toMatchObject({ messageId: spam, dryRun: false, skipped: null });
    expect(m!.outcomes[0]).toMatchObject({ type: 'delete', outcome: 'ok' });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.id, Number(m!.outcomes[0]!.auditId)));
    expect(audit).toMatchObject({ action: 'deleteThreadMessages', memberId: member.id, siteId });
    expect(audit!.params).toMatchObject({ rule: { id: rule.id, name: 'Casino spam' } });

    // Within the cooldown the same sender's next match is recorded, not acted on.
    const again = await sendAndSync(alice, 'casino again https://spam.example/2');
    // The connected administrator is protected: their identical message stays.
    const adminSpam = await sendAndSync(admin, 'best c4sino at https://spam.example/win');
    await passedOver(adminSpam);
    expect(await onSite(again)).toBe(true);
    expect(await onSite(adminSpam)).toBe(true);
    const all = await matchesOf(rule.id);
    expect(all.map((x) => [x.messageId, x.skipped?.split(':')[0] ?? null])).toEqual([
      [spam, null],
      [again, 'cooldown'],
      [adminSpam, 'protected account'],
    ]);
    await db.update(rules).set({ mode: 'off' }).where(eq(rules.id, rule.id));
  });

  it('review: a matching message goes to the review queue with the rule named, once', async () => {
    const db = await getDb();
    const rule = await addRule({
      name: 'Phone numbers',
      mode: 'on',
      conditions: { type: 'phone' },
      actions: [{ type: 'review' }],
    });
    const second = await addRule({
      name: 'Phone numbers again',
      mode: 'on',
      conditions: { type: 'phone' },
      actions: [{ type: 'review' }],
    });
    const id = await sendAndSync(alice, 'call me on +44 20 7946 0958');
    await passedOver(id);
    const items = await db
      .select()
      .from(reviewItems)
      .where(and(eq(reviewItems.siteId, siteId), eq(reviewItems.messageId, id)));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ruleId: rule.id, ruleName: 'Phone numbers', senderId: aliceId });
    // Each match says what happened, with its audit row and that row's outcome: the first rule
    // queued it, the second found it already in review.
    const [first] = await matchesOf(rule.id);
    const [other] = await matchesOf(second.id);
    expect(first!.outcomes).toEqual([{ type: 'review', outcome: 'ok', auditId: expect.any(Number) }]);
    expect(other!.outcomes).toEqual([
      { type: 'review', outcome: 'skipped', message: 'Already in review.', auditId: expect.any(Number) },
    ]);
    for (const match of [first!, other!]) {
      const auditId = Number(match.outcomes[0]!.auditId);
      const [intent] = await db.select().from(auditLog).where(eq(auditLog.id, auditId));
      expect(intent).toMatchObject({ action: 'sendToReview', siteId, target: { messageId: id } });
      const [done] = await db.select().from(auditOutcomes).where(eq(auditOutcomes.auditId, auditId));
      expect(done).toMatchObject({ outcome: 'ok' });
    }
    await db.update(rules).set({ mode: 'off' }).where(eq(rules.id, second.id));
    // Another pass over the same message (as after a crash between acting and moving the
    // cursor) changes nothing: it reads that the match was recorded, and neither counts it again
    // nor starts the sender's cooldown anew.
    await db
      .update(rulesCursor)
      .set({ messageId: id - 1 })
      .where(eq(rulesCursor.siteId, siteId));
    const again = await runRulesPass({ db, siteId, client: admin });
    expect(again).toMatchObject({ matched: 0, acted: 0 });
    expect(again.evaluated).toBeGreaterThan(0);
    expect(await matchesOf(rule.id)).toHaveLength(1);
    await db.update(rules).set({ mode: 'off' }).where(eq(rules.id, rule.id));
  });
});

describe('bad rules', () => {
  /** A second site row with synthetic index rows: the pass alone, no syncer. */
  async function syntheticSite() {
    const { siteId: id } = await connectSite(t.site);
    const db = await getDb();
    await db
      .insert(syncState)
      .values({ siteId: id, highestId: 1000, backfillCursor: 1 })
      .onConflictDoUpdate({
        target: syncState.siteId,
        set: { highestId: 1000, backfillCursor: 1 },
      });
    return id;
  }
  async function insertMessage(
    site: number,
    id: number,
    text: string,
    senderId = aliceId,
    createdAt = new Date(),
  ) {
    const db = await getDb();
    await db.insert(indexMessages).values({
      siteId: site,
      id,
      threadId: 1,
      senderId,
      createdAt,
      html: text,
      text,
    });
    await db.update(syncState).set({ highestId: id }).where(eq(syncState.siteId, site));
  }

  it('review: when the queue cannot take them, the matches and their audit say so, the rule goes off with why, and the cursor moves on', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Queue closed',
      mode: 'on',
      conditions: { type: 'words', words: ['closedword'], obfuscation: false },
      actions: [{ type: 'review' }],
      cooldownSeconds: 0,
    });
    await insertMessage(site, 1001, 'a closedword');
    await insertMessage(site, 1002, 'another closedword', bobId);
    await db.execute(sql`CREATE FUNCTION refuse_review() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the review queue is closed'; END $$`);
    await db.execute(sql`CREATE TRIGGER refuse_review BEFORE INSERT ON review_items
      FOR EACH ROW EXECUTE FUNCTION refuse_review()`);
    try {
      const summary = await runRulesPass({ db, siteId: site, client: admin });
      expect(summary.cursor).toBe(1002);
    } finally {
      await db.execute(sql`DROP TRIGGER refuse_review ON review_items`);
      await db.execute(sql`DROP FUNCTION refuse_review()`);
    }
    const found = await matchesOf(rule.id);
    expect(found.map((f) => [f.messageId, f.outcomes[0]?.outcome])).toEqual([
      [1001, 'failed'],
      [1002, 'failed'],
    ]);
    const [off] = await db.select().from(rules).where(eq(rules.id, rule.id));
    expect(off).toMatchObject({ mode: 'off' });
    // In the database's own words: not the query nor its parameters (members' addresses).
    expect(off!.error).toBe('The action “review” failed: the review queue is closed');
    // Each attempt is on record: the intent, and the failure as its outcome.
    const intents = await db
      .select({ id: auditLog.id, target: auditLog.target })
      .from(auditLog)
      .where(and(eq(auditLog.siteId, site), eq(auditLog.action, 'sendToReview')))
      .orderBy(asc(auditLog.id));
    expect(intents.map((i) => (i.target as { messageId: number }).messageId)).toEqual([1001, 1002]);
    for (const intent of intents) {
      const [o] = await db.select().from(auditOutcomes).where(eq(auditOutcomes.auditId, intent.id));
      expect(o).toMatchObject({ outcome: 'failed', message: 'the review queue is closed' });
    }
    expect(await db.select().from(reviewItems).where(eq(reviewItems.siteId, site))).toEqual([]);
  });

  it('a catastrophic regular expression on 50 KB does not stall the pass', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Backtracking',
      mode: 'dry-run',
      conditions: { type: 'regex', pattern: '(a+)+$', caseSensitive: false },
      actions: [{ type: 'review' }],
    });
    for (let i = 1; i <= 20; i++) await insertMessage(site, 1000 + i, 'a'.repeat(50_000) + '!');
    const started = performance.now();
    const summary = await runRulesPass({ db, siteId: site, client: admin });
    const ms = performance.now() - started;
    expect(summary.evaluated).toBe(20);
    expect(ms).toBeLessThan(5_000);
    const [r] = await db.select().from(rules).where(eq(rules.id, rule.id));
    expect(r!.mode).toBe('dry-run');
  });

  it("a flood within a sender's cooldown is one row naming the other messages, over the passes that follow too; the counters count them all", async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Mail addresses',
      mode: 'on',
      conditions: { type: 'email' },
      actions: [{ type: 'review' }],
      cooldownSeconds: 600,
    });
    for (let i = 1; i <= 4; i++) await insertMessage(site, 1000 + i, `mail me ${i}: x${i}@example.org`);
    await insertMessage(site, 1005, 'or me: bob@example.org', bobId);
    await insertMessage(site, 1006, 'no address here');
    const summary = await runRulesPass({ db, siteId: site, client: admin });
    expect(summary).toMatchObject({ evaluated: 6, acted: 2 });
    const found = await matchesOf(rule.id);
    expect(found.map((f) => [f.messageId, f.senderId, f.skipped?.split(':')[0] ?? null])).toEqual([
      [1001, aliceId, null],
      [1002, aliceId, 'cooldown'],
      [1005, bobId, null],
    ]);
    expect(found[1]!.outcomes).toEqual([
      {
        type: 'cooldown',
        outcome: 'skipped',
        more: 2,
        message: "2 more of this sender's messages matched within the cooldown: #1003, #1004",
      },
    ]);
    // Both went to the review queue together, each audited as a moderator's "send to review" with the rule.
    const queued = await db
      .select({ messageId: reviewItems.messageId, ruleId: reviewItems.ruleId })
      .from(reviewItems)
      .where(eq(reviewItems.siteId, site))
      .orderBy(asc(reviewItems.messageId));
    expect(queued).toEqual([
      { messageId: 1001, ruleId: rule.id },
      { messageId: 1005, ruleId: rule.id },
    ]);
    for (const f of [found[0]!, found[2]!]) {
      const auditId = Number(f.outcomes[0]!.auditId);
      const [a] = await db.select().from(auditLog).where(eq(auditLog.id, auditId));
      expect(a).toMatchObject({ action: 'sendToReview', memberId: member.id, siteId: site });
      expect(a!.target).toMatchObject({ messageId: f.messageId });
      expect(a!.params).toMatchObject({ rule: { id: rule.id, name: 'Mail addresses' } });
      const [o] = await db.select().from(auditOutcomes).where(eq(auditOutcomes.auditId, auditId));
      expect(o).toMatchObject({ outcome: 'ok' });
    }
    // Folded messages are passed over like the rest: another pass records nothing new.
    await runRulesPass({ db, siteId: site, client: admin });
    expect(await matchesOf(rule.id)).toHaveLength(3);
    expect((await ruleCounters(site, db)).get(rule.id)).toMatchObject({ week: 2, skippedWeek: 3 });
    // The flood goes on in the next passes, still within the cooldown: folded into the same row.
    await insertMessage(site, 1007, 'again: y7@example.org');
    await insertMessage(site, 1008, 'again: y8@example.org');
    await runRulesPass({ db, siteId: site, client: admin });
    const after = await matchesOf(rule.id);
    expect(after).toHaveLength(3);
    expect(after[1]!.outcomes).toEqual([
      {
        type: 'cooldown',
        outcome: 'skipped',
        more: 4,
        message: "4 more of this sender's messages matched within the cooldown: #1003, #1004, #1007, #1008",
      },
    ]);
    expect((await ruleCounters(site, db)).get(rule.id)).toMatchObject({ week: 2, skippedWeek: 5 });
  });

  it("a long flood's cooldown row shows its first 50 messages at once and its count at most a minute late", async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Mail flood',
      mode: 'dry-run',
      conditions: { type: 'email' },
      actions: [{ type: 'review' }],
      cooldownSeconds: 600,
    });
    const pass = () => runRulesPass({ db, siteId: site, client: admin });
    const folded = async () => {
      const [, run] = await matchesOf(rule.id);
      return run!.outcomes[0] as { more: number; message: string };
    };
    for (let id = 1001; id <= 1053; id++) await insertMessage(site, id, `write to x${id}@example.org`);
    await pass();
    // #1001 matched; #1002's row holds the 51 after it, the first 50 named.
    expect((await folded()).more).toBe(51);
    await insertMessage(site, 1054, 'and y@example.org');
    await insertMessage(site, 1055, 'and z@example.org');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await pass();
      // The ids shown did not change: the row is not rewritten for the count alone.
      expect((await folded()).more).toBe(51);
      vi.setSystemTime(Date.now() + 61_000);
      // A minute on, a pass with nothing new brings it up to date.
      await pass();
    } finally {
      vi.useRealTimers();
    }
    const last = await folded();
    expect(last.more).toBe(53);
    expect(last.message).toMatch(
      /^53 more of this sender's messages matched within the cooldown: #1003, .*#1052, …$/,
    );
    expect(await matchesOf(rule.id)).toHaveLength(2);
  });

  it("a flood across passes counts the earlier passes' messages from memory, even one deleted since; a pass that does not continue reads afresh", async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Flood over passes',
      mode: 'dry-run',
      conditions: { type: 'flood', messages: 3, seconds: 600 },
      actions: [{ type: 'review' }],
    });
    const pass = () => runRulesPass({ db, siteId: site, client: admin });
    await insertMessage(site, 1001, 'one');
    await insertMessage(site, 1002, 'two');
    await pass();
    expect(await matchesOf(rule.id)).toEqual([]);
    // A moderator deletes the first: it was sent, so it still counts in the sender's flood.
    await db.delete(indexMessages).where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 1001)));
    await insertMessage(site, 1003, 'three');
    await insertMessage(site, 1004, 'four');
    await pass();
    const found = await matchesOf(rule.id);
    expect(found.map((f) => [f.messageId, f.because])).toEqual([
      [1004, [{ condition: 'flood', detail: '4 messages within 600 s' }]],
    ]);
    // The cursor moved by another process: what this process kept no longer continues it, and
    // the index alone answers: 1004, 1005 and 1006 are three messages, no flood (what was kept
    // would have counted 1001 to 1004 too).
    await db.update(rulesCursor).set({ messageId: 1005 }).where(eq(rulesCursor.siteId, site));
    await insertMessage(site, 1005, 'x');
    await insertMessage(site, 1006, 'six');
    await db
      .delete(indexMessages)
      .where(and(eq(indexMessages.siteId, site), sql`${indexMessages.id} IN (1002, 1003)`));
    await pass();
    expect((await matchesOf(rule.id)).map((f) => f.messageId)).toEqual([1004]);
  });

  it("a window's messages from before the rules' cursor are read once and then kept: a later pass counts them from memory, even one deleted since", async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const now = Date.now();
    // History (before the rule): one message of Alice's a minute ago.
    await insertMessage(site, 1000, 'history', aliceId, new Date(now - 60_000));
    const rule = await addRule({
      site,
      name: 'Flood with history',
      mode: 'dry-run',
      conditions: { type: 'flood', messages: 2, seconds: 600 },
      actions: [{ type: 'review' }],
    });
    const [cursor] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, site));
    expect(cursor!.messageId).toBe(1000);
    const pass = () => runRulesPass({ db, siteId: site, client: admin });
    // More than two messages in 600 s. The first pass reads the window below its new message
    // whole: #1000 and #1001 are two.
    await insertMessage(site, 1001, 'one', aliceId, new Date(now - 30_000));
    await pass();
    expect(await matchesOf(rule.id)).toEqual([]);
    // A moderator deletes #1000: it was sent, so it still counts, from what the pass kept (the
    // index alone would count two).
    await db.delete(indexMessages).where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 1000)));
    await insertMessage(site, 1002, 'two', aliceId, new Date(now - 10_000));
    await pass();
    expect((await matchesOf(rule.id)).map((f) => [f.messageId, f.because])).toEqual([
      [1002, [{ condition: 'flood', detail: '3 messages within 600 s' }]],
    ]);
  });

  it('a person marked protected between passes is left alone from the next pass on, and acted on again once unmarked', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Protected since',
      mode: 'dry-run',
      conditions: { type: 'words', words: ['guardword'], obfuscation: false },
      actions: [{ type: 'review' }],
    });
    const pass = () => runRulesPass({ db, siteId: site, client: admin });
    const skippedOf = async (id: number) =>
      (await matchesOf(rule.id)).find((f) => f.messageId === id)?.skipped;
    await insertMessage(site, 1001, 'a guardword', bobId);
    await pass();
    expect(await skippedOf(1001)).toBeNull();
    await markProtected(site, bobId, 'a trusted partner', null);
    await insertMessage(site, 1002, 'a guardword again', bobId);
    await pass();
    expect(await skippedOf(1002)).toBe('protected account: marked protected: a trusted partner');
    await unmarkProtected(site, bobId);
    await insertMessage(site, 1003, 'and a guardword', bobId);
    await pass();
    expect(await skippedOf(1003)).toBeNull();
  });

  it('new messages as the sync stored them are evaluated without reading them back, unless the index changed since', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const rule = await addRule({
      site,
      name: 'Handed over',
      mode: 'dry-run',
      conditions: { type: 'words', words: ['handover'], obfuscation: false },
      actions: [{ type: 'review' }],
    });
    const row = (id: number, text: string, threadId = 1): MessageRow => ({
      id,
      threadId,
      senderId: aliceId,
      receiverId: null,
      createdAt: new Date(Date.now() - 1000 + (id % 100)),
      html: text,
      text,
      pending: false,
      reports: [],
      reportCount: 0,
      aiFlagged: false,
      attachments: [{ url: `https://files.example/${id}\0.mp4` }],
      attachmentCount: 1,
    });
    await db.insert(indexThreads).values({ siteId: site, id: 7, type: 'group' }).onConflictDoNothing();
    /** Stores as the incremental pass does, noting what it wrote. */
    const store = async (rows: MessageRow[], deletedIds: number[] = []) => {
      const written: PassWrites = { rows: new Map(), xids: new Set() };
      const batch = { siteId: site, rows, users: [], deletedIds };
      noteWritten(written, batch, (await storeBatch(db, batch)).xid);
      const top = Math.max(...rows.map((r) => r.id));
      await db.update(syncState).set({ highestId: top }).where(eq(syncState.siteId, site));
      return written;
    };
    const fromIndex = async (from: number, to: number) =>
      db
        .select(ruleMessageColumns())
        .from(indexMessages)
        .leftJoin(
          indexThreads,
          and(eq(indexThreads.siteId, indexMessages.siteId), eq(indexThreads.id, indexMessages.threadId)),
        )
        .where(
          and(
            eq(indexMessages.siteId, site),
            sql`${indexMessages.id} > ${from} AND ${indexMessages.id} <= ${to}`,
          ),
        )
        .orderBy(asc(indexMessages.id));

    // As stored: the rows the pass holds are the index's rows, text made storable as the index
    // makes it (a NUL, a lone surrogate), the thread's type from the index.
    const first = await store([row(1001, 'handover\0 one \uD800'), row(1002, 'handover two', 7)]);
    const handed = await asWritten(db, site, first, 1000, 1002);
    expect(handed).not.toBeNull();
    expect(handed!.rows).toEqual(await fromIndex(1000, 1002));
    expect(handed!.rows[1]!.threadType).toBe('group');
    expect(handed!.reportsGrew).toBe(false);
    await runRulesPass({ db, siteId: site, client: admin, written: first });
    expect((await matchesOf(rule.id)).map((m) => m.messageId)).toEqual([1001, 1002]);

    // A moderator's edit after the store (another transaction): the index is read, and answers.
    const second = await store([row(1003, 'handover three'), row(1004, 'handover four')]);
    await db
      .update(indexMessages)
      .set({ text: 'edited' })
      .where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 1003)));
    expect(await asWritten(db, site, second, 1002, 1004)).toBeNull();
    await runRulesPass({ db, siteId: site, client: admin, written: second });
    expect((await matchesOf(rule.id)).map((m) => m.messageId)).toEqual([1001, 1002, 1004]);

    // A row deleted since, or one another writer stored in the range: read from the index.
    const third = await store([row(1005, 'handover five'), row(1006, 'handover six')]);
    await db.delete(indexMessages).where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 1005)));
    expect(await asWritten(db, site, third, 1004, 1006)).toBeNull();
    const fourth = await store([row(1008, 'handover eight')]);
    await insertMessage(site, 1007, 'handover seven');
    await db.update(syncState).set({ highestId: 1008 }).where(eq(syncState.siteId, site));
    expect(await asWritten(db, site, fourth, 1006, 1008)).toBeNull();
    // A later store in the same pass (the pending list read again) is what counts.
    const fifth = await store([row(1009, 'handover nine')]);
    const again = {
      rows: [row(1009, 'nine, approved and reworded')],
      siteId: site,
      users: [],
      deletedIds: [],
    };
    noteWritten(fifth, again, (await storeBatch(db, again)).xid);
    expect((await asWritten(db, site, fifth, 1008, 1009))?.rows.map((r) => r.text)).toEqual([
      'nine, approved and reworded',
    ]);
    // The same check says whether a report count grew (else the pass does not ask for them).
    const report = {
      reporterBmUserId: bobId,
      reporterName: 'Bob',
      category: 'spam',
      description: '',
      time: null,
    };
    const sixth = await store([{ ...row(1010, 'reported'), reports: [report], reportCount: 1 }]);
    expect((await asWritten(db, site, sixth, 1009, 1010))?.reportsGrew).toBe(true);
  });

  it('a rule switched on by a member since disabled does not act: it goes off and says why', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const gone = await createMember({
      email: `rules-gone-${Date.now()}@example.test`,
      name: 'Gone Admin',
      password: 'rules-password-long',
      role: 'admin',
    });
    const rule = await addRule({
      site,
      name: 'Left behind',
      mode: 'on',
      conditions: { type: 'email' },
      actions: [{ type: 'review' }],
      switchedBy: gone.id,
    });
    await db.update(members).set({ disabled: true }).where(eq(members.id, gone.id));
    await insertMessage(site, 1001, 'write to someone@example.org');
    await runRulesPass({ db, siteId: site, client: admin });
    const [after] = await db.select().from(rules).where(eq(rules.id, rule.id));
    expect(after).toMatchObject({ mode: 'off' });
    expect(after!.error).toMatch(/no longer active/);
    const queued = await db.select().from(reviewItems).where(eq(reviewItems.siteId, site));
    expect(queued).toEqual([]);
  });

  it('a rule that cannot compile is switched off with the reason; the others go on', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const bad = await addRule({
      site,
      name: 'Broken',
      mode: 'on',
      conditions: { type: 'regex', pattern: '(unclosed', caseSensitive: false },
      actions: [{ type: 'review' }],
    });
    const good = await addRule({
      site,
      name: 'Emails',
      mode: 'dry-run',
      conditions: { type: 'email' },
      actions: [{ type: 'review' }],
    });
    await insertMessage(site, 1001, 'mail me: someone@example.org');
    await runRulesPass({ db, siteId: site, client: admin });
    const [b] = await db.select().from(rules).where(eq(rules.id, bad.id));
    expect(b).toMatchObject({ mode: 'off' });
    expect(b!.error).toMatch(/regular expression .* not valid/);
    expect(b!.errorAt).not.toBeNull();
    expect((await matchesOf(good.id)).map((x) => x.messageId)).toEqual([1001]);
  });

  it('the cursor starts at what is indexed and never moves over an unread catch-up range', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    await insertMessage(site, 1001, 'old www.spam.biz');
    await addRule({
      site,
      name: 'Links',
      mode: 'dry-run',
      conditions: { type: 'domain-outside', allow: ['example.com'] },
      actions: [{ type: 'review' }],
    });
    const [c0] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, site));
    expect(c0!.messageId).toBe(1001);
    // A gap 1003..1009 still unread; 1002 and 1010 are indexed.
    await insertMessage(site, 1002, 'see www.spam.biz');
    await insertMessage(site, 1010, 'see https://docs.example.com and www.other.io');
    await db
      .update(syncState)
      .set({ catchUp: [{ floor: 1002, cursor: 1009, top: 1010 }] })
      .where(eq(syncState.siteId, site));
    const s1 = await runRulesPass({ db, siteId: site, client: admin });
    expect(s1.cursor).toBe(1002);
    const matched = await db
      .select({ id: ruleMatches.messageId, because: ruleMatches.because })
      .from(ruleMatches)
      .where(eq(ruleMatches.siteId, site))
      .orderBy(asc(ruleMatches.messageId));
    expect(matched.map((x) => x.id)).toEqual([1002, 1010]);
    expect(matched[1]!.because).toEqual([{ condition: 'domain-outside', detail: 'other.io' }]);
    // The gap filled: the cursor moves on, 1010 is not evaluated twice.
    await insertMessage(site, 1005, 'x');
    await db.update(syncState).set({ catchUp: [], highestId: 1010 }).where(eq(syncState.siteId, site));
    const s2 = await runRulesPass({ db, siteId: site, client: admin });
    expect(s2.cursor).toBe(1010);
    expect(s2.evaluated).toBe(1);
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ruleMatches)
      .where(eq(ruleMatches.siteId, site))) as [{ n: number }];
    expect(n).toBe(2);
  });

  it('facts read for a whole batch (and from the rows the pass just read) answer as one query per message does (flood, spam wave, counts, first seen)', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const base = Date.now() - 60_000;
    const rows: { id: number; thread: number; sender: number; text: string; at: number }[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({
        id: 2000 + i,
        thread: 1 + (i % 7),
        sender: 100 + (i % 3),
        text: i % 4 === 0 ? 'same spam text' : `message ${i}`,
        at: base + i * 1500,
      });
    }
    for (const r of rows) {
      await db.insert(indexMessages).values({
        siteId: site,
        id: r.id,
        threadId: r.thread,
        senderId: r.sender,
        createdAt: new Date(r.at),
        html: r.text,
        text: r.text,
      });
    }
    const msgs = (
      await db
        .select()
        .from(indexMessages)
        .where(eq(indexMessages.siteId, site))
        .orderBy(asc(indexMessages.id))
    ).map((r) => rowToRuleMessage(r, 'thread'));
    const batch = msgs.slice(20);
    const ask = async (f: ReturnType<typeof indexFacts>) => {
      const out: unknown[] = [];
      for (const m of batch) {
        out.push([
          await f.messageCount(m, 12),
          await f.sameTextThreads(m, 1),
          await f.recentFromSender(m, 20, 6),
          (await f.sender(m)).firstSeenAt?.getTime(),
        ]);
      }
      return out;
    };
    const one = await ask(indexFacts(db, site));
    const batched = indexFacts(db, site);
    const needs = { sender: true, messageCount: 12, spamWaveMinutes: 1, floodSeconds: 20, floodCap: 6 };
    await batched.prefetch!(batch, needs);
    expect(await ask(batched)).toEqual(one);
    expect(one.some((x) => (x as number[])[1]! > 1)).toBe(true);
    /** The batch's own rows as the id range the pass read; `readBelow`: what it may hold below. */
    const rangeOf = (readBelow: number, held = batch): KnownRange => ({
      lo: held[0]!.id,
      hi: 2039,
      rows: held.map((m) => ({
        id: m.id,
        senderId: m.senderId,
        threadId: m.threadId,
        createdAt: m.createdAt,
        text: m.text,
      })),
      readBelow,
    });
    // As the pass asks: the range from memory, the rest read.
    const ranged = indexFacts(db, site);
    await ranged.prefetch!(batch, needs, rangeOf(0));
    expect(await ask(ranged)).toEqual(one);
    // A range that holds every message, more of each sender's before the batch than a flood counts.
    const whole = indexFacts(db, site);
    await whole.prefetch!(batch, needs, rangeOf(0, msgs));
    expect(await ask(whole)).toEqual(one);
    // As a pass that may hold what lies below its range: read whole once, then from memory.
    const held = rangeOf(1000);
    const reading = indexFacts(db, site);
    await reading.prefetch!(batch, needs, held);
    expect(await ask(reading)).toEqual(one);
    // The windows reach back 60 s from the batch's first message: every message before it.
    expect(held.below!.from).toBe(base + 20 * 1500 - 60_000);
    expect(held.below!.rows.map((r) => r.id)).toEqual(rows.slice(0, 20).map((r) => r.id));
    // More below than it may hold: nothing held, the windows asked per text and sender.
    const small = rangeOf(5);
    const overflowing = indexFacts(db, site);
    await overflowing.prefetch!(batch, needs, small);
    expect(await ask(overflowing)).toEqual(one);
    expect(small.below).toBeNull();
    expect(small.readBelow).toBe(0);
    // What is held answers without the database: the texts below changed since, the answers did not.
    await db
      .update(indexMessages)
      .set({ text: 'edited since' })
      .where(and(eq(indexMessages.siteId, site), sql`${indexMessages.id} < 2020`));
    expect(await ask(indexFacts(db, site))).not.toEqual(one);
    const remembered = indexFacts(db, site);
    await remembered.prefetch!(batch, needs, held);
    expect(await ask(remembered)).toEqual(one);
  });

  it("a sender's facts are remembered for their next batches, never for an earlier one (try on history)", async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const base = Date.now() - 600_000;
    for (let i = 1; i <= 15; i++)
      await insertMessage(site, 3000 + i, `m${i}`, 300, new Date(base + i * 1000));
    const all = (
      await db
        .select()
        .from(indexMessages)
        .where(eq(indexMessages.siteId, site))
        .orderBy(asc(indexMessages.id))
    ).map((r) => rowToRuleMessage(r, 'thread'));
    const at = (id: number) => all.find((x) => x.id === id)!;
    const needs = { sender: true, messageCount: 12, spamWaveMinutes: 0, floodSeconds: 0, floodCap: 0 };
    const ask = async (id: number) => {
      const f = indexFacts(db, site);
      await f.prefetch!([at(id)], needs);
      return [await f.messageCount(at(id), 12), (await f.sender(at(id))).firstSeenAt?.getTime()];
    };
    // 14 before #3015: at the cap, remembered.
    expect(await ask(3015)).toEqual([12, base + 1000]);
    // An earlier batch (history) is read from the index: 4 before #3005, and itself.
    expect(await ask(3005)).toEqual([5, base + 1000]);
    // A later batch takes what was remembered, even with messages deleted since (a minute late at most).
    await db
      .delete(indexMessages)
      .where(and(eq(indexMessages.siteId, site), sql`${indexMessages.id} <= 3010`));
    expect(await ask(3015)).toEqual([12, base + 1000]);
    // Asked up to a larger cap than was read: read again.
    const more = indexFacts(db, site);
    await more.prefetch!([at(3015)], { ...needs, messageCount: 20 });
    expect(await more.messageCount(at(3015), 20)).toBe(5);
  });

  it('reports: a report made after the rule was switched on triggers it; reports already there when it started do not', async () => {
    const db = await getDb();
    const site = await syntheticSite();
    const report = (reporter: number, at: Date) => ({
      reporterBmUserId: reporter,
      reporterName: null,
      category: 'spam',
      description: '',
      time: at.toISOString(),
    });
    const long = new Date(Date.now() - 86_400_000);
    // Reported before the rules began (a baseline mark is taken when the cursor starts).
    await insertMessage(site, 1001, 'old reported');
    await db
      .update(indexMessages)
      .set({ reportCount: 2, reports: [report(5, long), report(6, long)] })
      .where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 1001)));
    const rule = await addRule({
      site,
      name: 'Two reporters',
      mode: 'dry-run',
      conditions: { type: 'reports', count: 2 },
      actions: [{ type: 'alert' }],
      triggers: ['report'],
    });
    // Backfilled later, reported long ago: history, not a new report.
    await insertMessage(site, 900, 'history reported');
    await db
      .update(indexMessages)
      .set({ reportCount: 2, reports: [report(5, long), report(7, long)] })
      .where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 900)));
    // An old message reported now by two people, and one reported twice by the same person.
    await insertMessage(site, 950, 'reported now');
    await insertMessage(site, 951, 'reported twice by one');
    await db.update(syncState).set({ highestId: 1001 }).where(eq(syncState.siteId, site));
    await db
      .update(indexMessages)
      .set({ reportCount: 2, reports: [report(5, new Date()), report(8, new Date())] })
      .where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 950)));
    await db
      .update(indexMessages)
      .set({ reportCount: 2, reports: [report(5, new Date()), report(5, new Date())] })
      .where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 951)));
    await runRulesPass({ db, siteId: site, client: admin });
    const found = await matchesOf(rule.id);
    expect(found.map((f) => [f.messageId, f.trigger])).toEqual([[950, 'report']]);
    // A third report on the old one is new: it counts.
    await db
      .update(indexMessages)
      .set({ reportCount: 3, reports: [report(5, long), report(6, long), report(9, new Date())] })
      .where(and(eq(indexMessages.siteId, site), eq(indexMessages.id, 1001)));
    await runRulesPass({ db, siteId: site, client: admin });
    expect((await matchesOf(rule.id)).map((f) => f.messageId)).toEqual([950, 1001]);
  });
});

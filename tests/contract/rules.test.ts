/**
 * Rules on the site under test (the real plugin with `npm run test:contract:real`): rules are
 * switched on, a member sends matching messages with their own application password, and within
 * one sync pass BM Desk's sync has deleted one (checked through the plugin's API as the admin)
 * and sent the other to its review queue; the connected administrator's identical message is left
 * alone. BM Desk's side runs on an in-memory database (PGlite) of its own.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) process.env.BMDESK_DATA_DIR = 'memory://';
});

import { getAdminMessagesByIds } from '@/lib/infra/better-messages';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { registerRulesSyncHooks, startRulesCursor } from '@/lib/services/rules/pass';
import { reviewItems, ruleMatches, rules, rulesCursor } from '@/lib/services/rules/schema';
import type { RuleAction, RuleCondition } from '@/lib/services/rules/tree';
import { syncState } from '@/lib/services/site-index/schema';
import { unregisterSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import { insertSite } from '@/lib/services/sites/queries';
import { admin, clientFor, ids, site, uniqueTag, user2 } from './support/site';
import { send, threadTracker } from './support/threads';

const threads = threadTracker();
let siteId = 0;
let threadId = 0;
let member: Member;
let syncer: SiteSyncer;

/** Letters only, no doubled letter: a word no seeded message holds. */
function freshWord(prefix: string): string {
  let w = prefix;
  while (w.length < prefix.length + 10) {
    const c = String.fromCharCode(97 + Math.floor(Math.random() * 26));
    if (c !== w[w.length - 1]) w += c;
  }
  return w;
}

async function addRule(name: string, conditions: RuleCondition, actions: RuleAction[]) {
  const db = await getDb();
  const [row] = await db
    .insert(rules)
    .values({
      siteId,
      name,
      mode: 'on',
      conditions,
      actions,
      cooldownSeconds: 0,
      switchedBy: member.id,
      switchedAt: new Date(),
      createdBy: member.id,
    })
    .returning();
  await startRulesCursor(db, siteId);
  return row!;
}

async function cursorAt(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, siteId));
  return row?.messageId ?? 0;
}

/** One sync pass (poked), then until the rules' cursor has passed the message. */
async function onePass(messageId: number): Promise<number> {
  const started = Date.now();
  syncer.poke();
  const until = Date.now() + 30_000;
  while ((await cursorAt()) < messageId) {
    if (Date.now() > until) throw new Error(`the rules did not pass message ${messageId}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

async function onSite(messageId: number): Promise<boolean> {
  const { rows } = await getAdminMessagesByIds(admin, [messageId]);
  return rows.some((r) => r.id === messageId);
}

beforeAll(async () => {
  threadId = (await threads.create([ids.user2], uniqueTag('contract rules '))).threadId;
  const row = await insertSite({
    name: uniqueTag('Contract rules site '),
    url: site.url,
    username: site.admin.login,
    appPassword: site.admin.appPassword,
    probe: { status: 'ok', reason: null, message: null },
  });
  siteId = row.id;
  member = await createMember({
    email: `${uniqueTag('rules-admin-')}@example.test`,
    name: 'Rules Admin',
    password: 'a-long-password-1',
    role: 'admin',
  });
  const db = await getDb();
  // Only the test's pokes run an incremental pass: "within one sync pass" is then exact.
  await db.insert(syncState).values({ siteId, intervalSeconds: 3600 }).onConflictDoNothing();
  registerRulesSyncHooks();
  syncer = new SiteSyncer({
    db,
    siteId,
    client: clientFor(site.admin),
    options: { backoffBaseMs: 200, backoffMaxMs: 1_000, tickMs: 50 },
  });
  syncer.start();
  const until = Date.now() + 110_000;
  for (;;) {
    const [s] = await db.select().from(syncState).where(eq(syncState.siteId, siteId));
    if (s?.backfillCursor !== null && s?.backfillCursor !== undefined && s.backfillCursor <= 1) break;
    if (Date.now() > until) throw new Error('backfill did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await syncer?.stop();
  unregisterSyncHooks('rules');
  await threads.eraseAll();
});

describe('rules on the site', () => {
  it('a matching message from a member is deleted within one sync pass; the admin’s identical one stays', async () => {
    const word = freshWord('spamdel');
    const rule = await addRule('Contract delete', { type: 'words', words: [word], obfuscation: false }, [
      { type: 'delete' },
    ]);
    const spam = await send(user2, threadId, `buy ${word} now`);
    const ms = await onePass(spam);
    expect(await onSite(spam)).toBe(false);
    const db = await getDb();
    const [m] = await db.select().from(ruleMatches).where(eq(ruleMatches.ruleId, rule.id));
    expect(m).toMatchObject({ messageId: spam, skipped: null, dryRun: false });
    expect(m!.outcomes[0]).toMatchObject({ type: 'delete', outcome: 'ok' });
    console.log(`[rules contract] deleted within one pass, ${ms} ms after the poke`);

    const adminSame = await send(admin, threadId, `buy ${word} now`);
    await onePass(adminSame);
    expect(await onSite(adminSame)).toBe(true);
    const [skip] = await db
      .select()
      .from(ruleMatches)
      .where(and(eq(ruleMatches.ruleId, rule.id), eq(ruleMatches.messageId, adminSame)));
    expect(skip!.skipped).toMatch(/^protected account/);
    await db.update(rules).set({ mode: 'off' }).where(eq(rules.id, rule.id));
  });

  it('a matching message is sent to the review queue with the rule named, and stays on the site', async () => {
    const word = freshWord('spamrev');
    const rule = await addRule('Contract review', { type: 'words', words: [word], obfuscation: true }, [
      { type: 'review' },
    ]);
    const id = await send(user2, threadId, `hello ${word}!`);
    await onePass(id);
    const db = await getDb();
    const items = await db
      .select()
      .from(reviewItems)
      .where(and(eq(reviewItems.siteId, siteId), eq(reviewItems.messageId, id)));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ruleId: rule.id, ruleName: 'Contract review', senderId: ids.user2 });
    expect(await onSite(id)).toBe(true);
    await db.update(rules).set({ mode: 'off' }).where(eq(rules.id, rule.id));
  });
});

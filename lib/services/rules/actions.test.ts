/**
 * The rules' server actions on PGlite and the review queue's decisions against the demo site (real
 * HTTP): validation in words, the first rule starting the rules cursor at the index's present,
 * mode switches recorded (and an automatic switch-off's error cleared), trying a rule being edited
 * on history, and keep / dismiss / delete on review items, each item decided once.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createThread, getAdminMessagesByIds } from '@/lib/infra/better-messages';
import type { Member } from '@/lib/infra/auth/members';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog } from '@/lib/infra/db/schema';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { syncState } from '@/lib/services/site-index/schema';
import { clientAs, connectSite, startTestSite, stopTestSite } from '@/tests/support/site-index';
import {
  createRule,
  decideReviewItem,
  deleteRule,
  setRuleMode,
  tryRuleOnHistory,
  updateRule,
} from './actions';
import { getReviewQueue } from './review';
import { reviewItems, rules, rulesCursor } from './schema';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId = 0;
let admin: Member;
let moderator: Member;
let otherModerator: Member;

const stamp = Date.now();
const base = () => ({
  siteId,
  name: 'Casino spam',
  description: 'Links to casinos',
  conditions: { all: [{ type: 'words', words: ['casino'] }, { type: 'link' }] },
  actions: [{ type: 'review' }],
  cooldownSeconds: 300,
  exemptRoles: ['administrator'],
  triggers: ['message'],
});

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId } = await connectSite(t.site));
  const make = (role: Member['role'], n: string) =>
    createMember({
      email: `rules-${n}-${stamp}@example.test`,
      name: `Rules ${n}`,
      password: 'a-long-password-1',
      role,
    });
  admin = await make('admin', 'admin');
  moderator = await make('moderator', 'mod');
  otherModerator = await make('moderator', 'mod2');
  const db = await getDb();
  await db
    .insert(syncState)
    .values({ siteId, highestId: 5000 })
    .onConflictDoUpdate({
      target: syncState.siteId,
      set: { highestId: 5000 },
    });
});

afterAll(async () => {
  await stopTestSite(t);
});

describe('rules actions', () => {
  let ruleId = 0;

  it('refuses a rule with problems, each in words', async () => {
    current.member = admin;
    const noWords = await createRule({ ...base(), conditions: { all: [{ type: 'words', words: [] }] } });
    expect(noWords).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(noWords.ok || noWords.error).toContain('Condition › 1 (Text has a word from a list)');
    expect(noWords.ok || noWords.error).toContain('Give at least one word.');
    const badRegex = await createRule({ ...base(), conditions: { type: 'regex', pattern: '(unclosed' } });
    expect(badRegex.ok || badRegex.error).toMatch(/regular expression .*is not valid/);
    const noActions = await createRule({ ...base(), actions: [] });
    expect(noActions.ok || noActions.error).toBe('Give the rule at least one action.');
    const badAction = await createRule({ ...base(), actions: [{ type: 'mute', minutes: 0 }] });
    expect(badAction.ok || badAction.error).toContain('Action 1 (Mute the sender in the thread)');
    const empty = await createRule({ ...base(), conditions: { any: [] } });
    expect(empty.ok || empty.error).toContain('an empty group');
    const noName = await createRule({ ...base(), name: ' ' });
    expect(noName).toMatchObject({ ok: false, fieldErrors: { name: ['Give the rule a name.'] } });
    const db = await getDb();
    expect(await db.select().from(rules).where(eq(rules.siteId, siteId))).toHaveLength(0);
  });

  it('a moderator may not write rules', async () => {
    current.member = moderator;
    expect(await createRule(base())).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('creates the site’s first rule, off, and starts the rules cursor at the index’s present', async () => {
    current.member = admin;
    const db = await getDb();
    await db.insert(rulesCursor).values({ siteId, messageId: 10 }); // left from rules deleted long ago
    const r = await createRule(base());
    expect(r).toMatchObject({ ok: true });
    ruleId = r.ok ? r.data.ruleId : 0;
    const [row] = await db.select().from(rules).where(eq(rules.id, ruleId));
    expect(row).toMatchObject({ mode: 'off', name: 'Casino spam', createdBy: admin.id, switchedBy: null });
    const [cursor] = await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, siteId));
    expect(cursor!.messageId).toBe(5000);
  });

  it('a rule from "Make this a rule" starts in dry run, switched by its author', async () => {
    const r = await createRule({ ...base(), name: 'From the desk', mode: 'dry-run' });
    expect(r.ok).toBe(true);
    const db = await getDb();
    const [row] = await db
      .select()
      .from(rules)
      .where(eq(rules.id, r.ok ? r.data.ruleId : 0));
    expect(row).toMatchObject({ mode: 'dry-run', switchedBy: admin.id });
    expect(await deleteRule({ siteId, ruleId: row!.id })).toMatchObject({ ok: true });
  });

  it('switches the mode, records who and when, and clears an automatic switch-off’s error', async () => {
    const db = await getDb();
    await db
      .update(rules)
      .set({ error: 'The regular expression broke.', errorAt: new Date() })
      .where(eq(rules.id, ruleId));
    current.member = moderator;
    expect(await setRuleMode({ siteId, ruleId, mode: 'on' })).toMatchObject({ ok: false, code: 'forbidden' });
    current.member = admin;
    expect(await setRuleMode({ siteId, ruleId, mode: 'dry-run' })).toMatchObject({
      ok: true,
      data: { mode: 'dry-run' },
    });
    const [row] = await db.select().from(rules).where(eq(rules.id, ruleId));
    expect(row).toMatchObject({ mode: 'dry-run', switchedBy: admin.id, error: null, errorAt: null });
    expect(row!.switchedAt).toBeInstanceOf(Date);
    expect(await setRuleMode({ siteId, ruleId, mode: 'sideways' })).toMatchObject({ code: 'invalid-input' });
  });

  it('updates a rule (a new version) and refuses another site’s rule', async () => {
    const r = await updateRule({ ...base(), ruleId, name: 'Casino links', triggers: ['message', 'report'] });
    expect(r).toMatchObject({ ok: true });
    const db = await getDb();
    const [row] = await db.select().from(rules).where(eq(rules.id, ruleId));
    expect(row).toMatchObject({ name: 'Casino links', triggers: ['message', 'report'] });
    const other = await updateRule({ ...base(), siteId: siteId + 100_000, ruleId });
    expect(other).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('tries the rule being edited on history (any role), and a saved one by id', async () => {
    current.member = moderator;
    const r = await tryRuleOnHistory({
      siteId,
      days: 30,
      conditions: { type: 'words', words: ['zzz-none'] },
    });
    expect(r).toMatchObject({ ok: true, data: { matched: 0, days: 30, stopped: false } });
    const saved = await tryRuleOnHistory({ siteId, days: 7, ruleId });
    expect(saved).toMatchObject({ ok: true, data: { days: 7 } });
    expect(await tryRuleOnHistory({ siteId, days: 91, ruleId })).toMatchObject({ code: 'invalid-input' });
    const bad = await tryRuleOnHistory({ siteId, days: 5, conditions: { type: 'regex', pattern: '(' } });
    expect(bad.ok || bad.error).toMatch(/is not valid/);
  });

  it('deletes a rule; the last one gone, the cursor goes too', async () => {
    current.member = admin;
    expect(await deleteRule({ siteId, ruleId })).toMatchObject({ ok: true });
    expect(await deleteRule({ siteId, ruleId })).toMatchObject({ ok: false, code: 'not-found' });
    const db = await getDb();
    expect(await db.select().from(rulesCursor).where(eq(rulesCursor.siteId, siteId))).toHaveLength(0);
  });
});

describe('review queue decisions', () => {
  async function itemFor(text: string) {
    const c = t.site.credentials;
    const { threadId, messageId } = await createThread(clientAs(t.site, '2'), {
      recipientBmUserIds: [Number(c.BM_SITE_USER3_ID)],
      subject: `review ${text}`,
      message: text,
    });
    await refreshThread(siteId, threadId);
    const db = await getDb();
    const [row] = await db
      .insert(reviewItems)
      .values({
        siteId,
        messageId: messageId!,
        threadId,
        senderId: Number(c.BM_SITE_USER2_ID),
        ruleId: 1,
        ruleName: 'Casino spam',
      })
      .returning();
    return row!;
  }

  it('lists open items with the rule, sender and the message sanitized', async () => {
    const item = await itemFor('casino <img src=x onerror=alert(1)> here');
    const { items, open } = await getReviewQueue(siteId);
    const listed = items.find((i) => i.id === item.id)!;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(listed).toMatchObject({ ruleName: 'Casino spam', messageId: item.messageId });
    expect(listed.html).not.toContain('onerror');
    expect(listed.senderName).toBeTruthy();
  });

  it('keep and dismiss: out of the queue, the message stays; a second decision is told who decided', async () => {
    const kept = await itemFor('keep me');
    const dismissed = await itemFor('dismiss me');
    current.member = moderator;
    expect(await decideReviewItem({ siteId, itemId: kept.id, decision: 'keep' })).toMatchObject({ ok: true });
    expect(await decideReviewItem({ siteId, itemId: dismissed.id, decision: 'dismiss' })).toMatchObject({
      ok: true,
    });
    current.member = otherModerator;
    const again = await decideReviewItem({ siteId, itemId: kept.id, decision: 'delete' });
    expect(again).toMatchObject({ ok: false, code: 'already-handled' });
    expect(again.ok || again.error).toContain('Rules mod chose “keep”');
    const { items } = await getReviewQueue(siteId);
    expect(items.map((i) => i.id)).not.toContain(kept.id);
    expect(items.map((i) => i.id)).not.toContain(dismissed.id);
    const { rows } = await getAdminMessagesByIds(clientAs(t.site), [kept.messageId]);
    expect(rows).toHaveLength(1);
  });

  it('delete: the message is deleted on the site, and support may not decide', async () => {
    const item = await itemFor('delete me');
    current.member = await createMember({
      email: `rules-support-${stamp}@example.test`,
      name: 'Rules support',
      password: 'a-long-password-1',
      role: 'support',
    });
    expect(await decideReviewItem({ siteId, itemId: item.id, decision: 'delete' })).toMatchObject({
      code: 'forbidden',
    });
    current.member = moderator;
    expect(await decideReviewItem({ siteId, itemId: item.id, decision: 'delete' })).toMatchObject({
      ok: true,
      data: { decision: 'delete', messageId: item.messageId },
    });
    const { rows } = await getAdminMessagesByIds(clientAs(t.site), [item.messageId]);
    expect(rows).toHaveLength(0);
    const db = await getDb();
    const [row] = await db
      .select()
      .from(reviewItems)
      .where(and(eq(reviewItems.id, item.id)));
    expect(row).toMatchObject({ decision: 'delete', decidedBy: moderator.id });
    const audited = await db
      .select({ target: auditLog.target })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'decideReviewItem'), eq(auditLog.memberId, moderator.id)));
    expect(audited.map((a) => a.target)).toContainEqual(
      expect.objectContaining({ messageId: item.messageId, threadId: item.threadId }),
    );
  });

  it('a delete the site refuses puts the item back in the queue', async () => {
    const item = await itemFor('gone already');
    const db = await getDb();
    // The message no longer in that thread: the site deletes nothing.
    await db
      .update(reviewItems)
      .set({ threadId: item.threadId + 999_999 })
      .where(eq(reviewItems.id, item.id));
    const r = await decideReviewItem({ siteId, itemId: item.id, decision: 'delete' });
    expect(r.ok).toBe(false);
    const [row] = await db.select().from(reviewItems).where(eq(reviewItems.id, item.id));
    expect(row!.decidedAt).toBeNull();
  });
});

/**
 * Appeals on the site under test (the real plugin with `npm run test:contract:real`): a member is
 * banned in a conversation with a reason and told; they read the notice through the plugin's API
 * with their own application password and answer it; the sync's pass turns the answer into an
 * appeal in the support inbox (label "appeal", linked to the strike); a moderator overturns it:
 * the ban is lifted (checked through the plugin's API as the admin) and the member reads the
 * second message. An answer after the appeal window gets one automatic answer, and no appeal.
 * The moderation account is the fourth site user (a subscriber with its own application password).
 * BM Desk's side runs on an in-memory database (PGlite) of its own, with its real sync.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) process.env.BMDESK_DATA_DIR = 'memory://';
});

import {
  banUser,
  createThread,
  eraseThread,
  getThread,
  sendMessage,
  type BmClient,
  type BmThread,
} from '@/lib/infra/better-messages';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';
import { decideAppeal, scanForAppeals } from '@/lib/services/decisions/appeals';
import { listReasons } from '@/lib/services/decisions/reasons';
import { recordDecision } from '@/lib/services/decisions/record';
import { appeals, moderationDecisions, moderationNotices } from '@/lib/services/decisions/schema';
import { saveModerationSettings } from '@/lib/services/decisions/settings';
import { forgetDecisionScans, registerDecisionSyncHooks } from '@/lib/services/decisions/sync-hooks';
import { indexMessages, syncState } from '@/lib/services/site-index/schema';
import { unregisterSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import { openSite } from '@/lib/services/sites/open-site';
import { insertSite } from '@/lib/services/sites/queries';
import {
  supportAccounts,
  triageConversationLabels,
  triageConversations,
  triageLabels,
} from '@/lib/services/triage/schema';
import { saveSupportAccount } from '@/lib/services/triage/support-accounts';
import { admin, clientFor, ids, site, uniqueTag, user2, user3 } from './support/site';

// Outside a Next request there is no page cache to drop.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const created = new Set<number>();
let siteId = 0;
let moderator: { id: number; name: string; email: string; role: 'moderator' };
let syncer: SiteSyncer;
let harassment = 0;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function threadAs(client: BmClient, threadId: number) {
  const bundle = await getThread(client, threadId);
  return { thread: bundle.threads.find((t) => t.thread_id === threadId), messages: bundle.messages };
}

/** Banned there, as the admin sees the thread (on its ban list where the site shows one). */
function banned(thread: BmThread | undefined, bmUserId: number): boolean {
  if (!thread) return false;
  const listed = thread.restricted?.ban?.some((r) => r.bmUserId === bmUserId && r.until > new Date());
  return thread.restricted === undefined ? !thread.participants.includes(bmUserId) : listed === true;
}

async function appealOf(decisionId: number) {
  const db = await getDb();
  const [a] = await db.select().from(appeals).where(eq(appeals.decisionId, decisionId));
  return a;
}

async function indexed(threadId: number, messageId: number) {
  const db = await getDb();
  const [m] = await db
    .select({ id: indexMessages.id })
    .from(indexMessages)
    .where(
      and(
        eq(indexMessages.siteId, siteId),
        eq(indexMessages.threadId, threadId),
        eq(indexMessages.id, messageId),
      ),
    );
  return m !== undefined;
}

beforeAll(async () => {
  const row = await insertSite({
    name: uniqueTag('Contract appeals '),
    url: site.url,
    username: site.admin.login,
    appPassword: site.admin.appPassword,
    probe: { status: 'ok', reason: null, message: null },
  });
  siteId = row.id;
  const m = await createMember({
    email: `${uniqueTag('moderator-')}@example.test`,
    name: 'Moderator Mo',
    password: 'a-long-password-1',
    role: 'moderator',
  });
  moderator = { id: m.id, name: m.name, email: m.email, role: 'moderator' };
  // The moderation account: a support account with its own application password (checked by the site).
  await saveSupportAccount({
    siteId,
    bmUserId: ids.user4,
    username: site.user4.login,
    name: 'Moderation team',
    appPassword: site.user4.appPassword,
  });
  const db = await getDb();
  const [account] = await db.select().from(supportAccounts).where(eq(supportAccounts.siteId, siteId));
  await saveModerationSettings(siteId, { moderationAccountId: account!.id, appealDays: 14 });
  harassment = (await listReasons(siteId)).find((r) => r.code === 'harassment')!.id;

  await db
    .insert(syncState)
    .values({ siteId, intervalSeconds: 1 })
    .onConflictDoUpdate({ target: syncState.siteId, set: { intervalSeconds: 1 } });
  registerDecisionSyncHooks();
  syncer = new SiteSyncer({
    db,
    siteId,
    client: clientFor(site.admin, { maxRetries: 1 }),
    options: { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 300, tickMs: 50 },
  });
  syncer.start();
}, 240_000);

afterAll(async () => {
  await syncer?.stop();
  unregisterSyncHooks('decisions');
  forgetDecisionScans();
  for (const threadId of created) await eraseThread(admin, threadId).catch(() => undefined);
});

describe('an appeal', () => {
  it('a banned member answers the notice, the appeal is in the inbox, overturning lifts the ban and tells them', async () => {
    const db = await getDb();
    const convo = await createThread(admin, {
      recipientBmUserIds: [ids.user2, ids.user3],
      subject: uniqueTag('appeal ban '),
      message: 'a group conversation',
    });
    created.add(convo.threadId);
    await sendMessage(user2, convo.threadId, { message: 'something rude' });

    // The ban on the site, then the decision with a reason and a notice (as the thread page does).
    await banUser(admin, convo.threadId, ids.user2, 7 * 24 * 60);
    expect(banned((await threadAs(admin, convo.threadId)).thread, ids.user2)).toBe(true);
    const decided = await recordDecision({
      siteId,
      kind: 'ban',
      subject: { bmUserId: ids.user2, name: site.user2.login },
      threadIds: [convo.threadId],
      reasonId: harassment,
      freeText: 'Please keep it civil.',
      notify: true,
      actor: { memberId: moderator.id, name: moderator.name },
      endsAt: new Date(Date.now() + 7 * 86_400_000),
      waitForNotice: true,
    });
    expect(decided.strike).toBe(true);
    expect(decided.notice).toMatchObject({ status: 'sent', error: null });
    const noticeThread = decided.notice!.threadId!;
    created.add(noticeThread);

    // The member reads it through the plugin's API with their own application password.
    const read = await threadAs(user2, noticeThread);
    expect(read.thread?.participants).toEqual(expect.arrayContaining([ids.user2, ids.user4]));
    const notice = read.messages.find((msg) => msg.sender_id === ids.user4);
    expect(notice?.message).toMatch(/removed your right to write in 1 conversation/);
    expect(notice?.message).toMatch(/Reason: Harassment/);
    expect(notice?.message).toMatch(/Please keep it civil/);
    expect(notice?.message).toMatch(/within 14 days/);

    // They answer it: within one sync pass it is an appeal, in the inbox with the label.
    const answer = await sendMessage(user2, noticeThread, {
      message: 'I was quoting someone else, please look again.',
    });
    await until('the appeal', async () => (await appealOf(decided.decisionId)) !== undefined);
    const appeal = (await appealOf(decided.decisionId))!;
    expect(appeal).toMatchObject({
      siteId,
      threadId: noticeThread,
      memberUserId: ids.user2,
      messageId: answer.message_id,
      status: 'open',
    });
    expect(appeal.messageText).toMatch(/quoting someone else/);
    const [conversation] = await db
      .select()
      .from(triageConversations)
      .where(and(eq(triageConversations.siteId, siteId), eq(triageConversations.threadId, noticeThread)));
    expect(conversation?.status).toBe('open');
    const labels = await db
      .select({ name: triageLabels.name })
      .from(triageConversationLabels)
      .innerJoin(triageLabels, eq(triageLabels.id, triageConversationLabels.labelId))
      .where(
        and(eq(triageConversationLabels.siteId, siteId), eq(triageConversationLabels.threadId, noticeThread)),
      );
    expect(labels.map((l) => l.name)).toEqual(['appeal']);

    // A second answer adds nothing: the conversation simply has it.
    const again = await sendMessage(user2, noticeThread, { message: 'Also, it was a joke.' });
    await until('the second answer in the index', () => indexed(noticeThread, again.message_id));
    forgetDecisionScans();
    expect(await scanForAppeals(siteId)).toEqual({ opened: [], late: [] });
    expect(await db.select().from(appeals).where(eq(appeals.decisionId, decided.decisionId))).toHaveLength(1);

    // Overturned: the ban is lifted on the site and the member is told in the same thread.
    const result = await decideAppeal({
      siteId,
      appealId: appeal.id,
      outcome: 'overturned',
      reasonId: null,
      freeText: 'You were quoting; sorry.',
      actor: moderator,
      client: async () => (await openSite(siteId)).client,
      waitForNotice: true,
    });
    expect(result.reversal).toEqual({
      reversed: [`the ban in conversation #${convo.threadId}`],
      notReversed: [],
    });
    expect(result.notice).toMatchObject({
      status: 'sent',
      kind: 'appeal_overturned',
      threadId: noticeThread,
    });
    const after = (await threadAs(admin, convo.threadId)).thread;
    expect(banned(after, ids.user2)).toBe(false);
    expect(after?.participants).toContain(ids.user2);
    // They can write there again.
    await sendMessage(user2, convo.threadId, { message: 'thank you' });

    const reread = await threadAs(user2, noticeThread);
    const fromModeration = reread.messages.filter((msg) => msg.sender_id === ids.user4);
    expect(fromModeration).toHaveLength(2);
    const second = fromModeration.find((msg) => msg.message_id === result.notice!.messageId);
    expect(second?.message).toMatch(/overturned the decision/);
    expect(second?.message).toMatch(new RegExp(`Lifted: the ban in conversation #${convo.threadId}`));
    expect(second?.message).toMatch(/You were quoting; sorry/);

    const [decision] = await db
      .select()
      .from(moderationDecisions)
      .where(eq(moderationDecisions.id, decided.decisionId));
    expect(decision).toMatchObject({ status: 'overturned' });
    expect(decision!.overturnedAt).not.toBeNull();
    expect(await appealOf(decided.decisionId)).toMatchObject({
      status: 'overturned',
      decidedBy: moderator.id,
      decidedByName: moderator.name,
      freeText: 'You were quoting; sorry.',
      reversal: result.reversal,
    });
    const unbans = await db
      .select({ params: auditLog.params, outcome: auditOutcomes.outcome, memberId: auditLog.memberId })
      .from(auditLog)
      .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(and(eq(auditLog.siteId, siteId), eq(auditLog.action, 'unbanUserInThread')));
    expect(unbans).toEqual([
      { params: expect.objectContaining({ appeal: appeal.id }), outcome: 'ok', memberId: moderator.id },
    ]);

    // The plugin's ban took them out of the conversation (both sites): they are added back.
    const addedBack = await db
      .select({ target: auditLog.target, outcome: auditOutcomes.outcome })
      .from(auditLog)
      .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(and(eq(auditLog.siteId, siteId), eq(auditLog.action, 'addParticipantsToThread')));
    expect(addedBack).toEqual([
      { target: { threadId: convo.threadId, bmUserIds: [ids.user2] }, outcome: 'ok' },
    ]);

    // One appeal decision per appeal: a second attempt is refused and sends nothing.
    await expect(
      decideAppeal({
        siteId,
        appealId: appeal.id,
        outcome: 'upheld',
        reasonId: null,
        freeText: null,
        actor: moderator,
        client: async () => (await openSite(siteId)).client,
      }),
    ).rejects.toMatchObject({ code: 'appeal-decided', message: /already overturned by Moderator Mo/ });
    const notices = await db
      .select({ kind: moderationNotices.kind })
      .from(moderationNotices)
      .where(eq(moderationNotices.decisionId, decided.decisionId));
    expect(notices.map((n) => n.kind).sort()).toEqual(['appeal_overturned', 'decision']);
  });

  it('an answer after the appeal window gets one automatic answer and no appeal', async () => {
    const db = await getDb();
    const decided = await recordDecision({
      siteId,
      kind: 'warning',
      subject: { bmUserId: ids.user3, name: site.user3.login },
      reasonId: harassment,
      notify: true,
      actor: { memberId: moderator.id, name: moderator.name },
      waitForNotice: true,
    });
    expect(decided.notice).toMatchObject({ status: 'sent' });
    const noticeThread = decided.notice!.threadId!;
    created.add(noticeThread);
    // The notice was sent 15 days ago (the window is 14 days).
    await db
      .update(moderationNotices)
      .set({ sentAt: new Date(Date.now() - 15 * 86_400_000) })
      .where(eq(moderationNotices.id, decided.noticeId!));

    const answer = await sendMessage(user3, noticeThread, { message: 'I want to appeal this.' });
    const late = async () =>
      db
        .select()
        .from(moderationNotices)
        .where(
          and(
            eq(moderationNotices.decisionId, decided.decisionId),
            eq(moderationNotices.kind, 'appeal_late'),
          ),
        );
    await until('the late answer sent', async () => (await late())[0]?.status === 'sent');
    expect(await appealOf(decided.decisionId)).toBeUndefined();
    const [sent] = await late();
    expect(sent).toMatchObject({ threadId: noticeThread, recipientUserId: ids.user3 });

    // The member reads it after their answer.
    const read = await threadAs(user3, noticeThread);
    const auto = read.messages.find((msg) => msg.message_id === sent!.messageId);
    expect(auto?.sender_id).toBe(ids.user4);
    expect(auto?.message).toMatch(/time to appeal ended on/);
    expect(auto!.message_id).toBeGreaterThan(answer.message_id);

    // Once per decision: answering again brings no second automatic answer.
    const again = await sendMessage(user3, noticeThread, { message: 'Hello? Please answer.' });
    await until('the second answer in the index', () => indexed(noticeThread, again.message_id));
    forgetDecisionScans();
    expect(await scanForAppeals(siteId)).toEqual({ opened: [], late: [] });
    expect(await late()).toHaveLength(1);
    expect(await appealOf(decided.decisionId)).toBeUndefined();
  });
});

/**
 * Appeals from a hand-made index (PGlite by default): a recipient's answer after a decision
 * notice, in its thread, within the site's appeal window becomes the decision's one appeal in
 * the inbox (label "appeal", reopened); after the window one automatic answer; others' messages,
 * earlier messages and second answers add nothing; an appeal is decided once. Notices are off on
 * this site (no moderation account), so nothing is sent: they end 'off'.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { BmClient } from '@/lib/infra/better-messages';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import type { MessageRow } from '@/lib/services/site-index/convert';
import { storeBatch } from '@/lib/services/site-index/store';
import { insertSite } from '@/lib/services/sites/queries';
import { indexThreads } from '@/lib/services/site-index/schema';
import { catchUpTriage } from '@/lib/services/triage/catch-up';
import {
  supportAccounts,
  triageConversationLabels,
  triageConversations,
  triageLabels,
} from '@/lib/services/triage/schema';
import { appealOfThread, decideAppeal, scanForAppeals, withinAppealWindow } from './appeals';
import type { DecisionKind } from './constants';
import { appeals, moderationDecisions, moderationNotices } from './schema';
import { saveModerationSettings } from './settings';
import { messageRow } from '@/tests/support/index-rows';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const MODERATION = 90;
const ALICE = 2;
const BOB = 3;
const DAY = 86_400_000;
let siteId: number;
let mo: Member;
let nextMessageId = 1000;
let nextThreadId = 500;

function message(threadId: number, senderId: number, createdAt: Date, text = 'hello'): MessageRow {
  const id = nextMessageId++;
  return messageRow({
    id,
    threadId,
    senderId,
    createdAt,
    text,
  });
}

async function store(rows: MessageRow[]) {
  await storeBatch(await getDb(), {
    siteId,
    users: [
      { id: MODERATION, name: 'Moderation', avatar: null, isGuest: false },
      { id: ALICE, name: 'Alice', avatar: null, isGuest: false },
      { id: BOB, name: 'Bob', avatar: null, isGuest: false },
    ],
    deletedIds: [],
    rows,
  });
}

/** A decision about `who` whose notice was sent `daysAgo` into a new thread (its first message). */
async function decided(who: number, daysAgo: number, kind: DecisionKind = 'ban') {
  const db = await getDb();
  const sentAt = new Date(Date.now() - daysAgo * DAY);
  const threadId = nextThreadId++;
  const notice = message(threadId, MODERATION, sentAt, 'You were banned.');
  await store([notice]);
  const [d] = await db
    .insert(moderationDecisions)
    .values({ siteId, kind, subjectUserId: who, subjectName: 'Alice', actorName: 'Mo', strike: true })
    .returning({ id: moderationDecisions.id });
  await db.insert(moderationNotices).values({
    siteId,
    kind: 'decision',
    decisionId: d!.id,
    recipientUserId: who,
    body: 'You were banned.',
    status: 'sent',
    threadId,
    messageId: notice.id,
    sentAt,
  });
  return { decisionId: d!.id, threadId, sentAt };
}

async function appealsOf(decisionId: number) {
  const db = await getDb();
  return db.select().from(appeals).where(eq(appeals.decisionId, decisionId));
}

async function noticesOf(decisionId: number, kind: string) {
  const db = await getDb();
  return db
    .select()
    .from(moderationNotices)
    .where(and(eq(moderationNotices.decisionId, decisionId), eq(moderationNotices.kind, kind as 'decision')));
}

beforeAll(async () => {
  const stamp = Date.now();
  siteId = (
    await insertSite({
      name: `Appeals ${stamp}`,
      url: 'https://appeals.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
  mo = await createMember({
    email: `mo-${stamp}@t.test`,
    name: 'Mo Moderator',
    password: 'x'.repeat(14),
    role: 'moderator',
  });
  await saveModerationSettings(siteId, { appealDays: 3 });
});

describe('the appeal window', () => {
  it('counts whole days from the notice', () => {
    const sent = new Date('2026-03-01T12:00:00Z');
    expect(withinAppealWindow(sent, new Date('2026-03-04T12:00:00Z'), 3)).toBe(true);
    expect(withinAppealWindow(sent, new Date('2026-03-04T12:00:01Z'), 3)).toBe(false);
  });
});

describe('answers to a notice', () => {
  it('within the window: one appeal per strike, in the inbox with the label, reopened', async () => {
    const db = await getDb();
    const { decisionId, threadId } = await decided(ALICE, 1);
    // Someone else's message and nothing from the member yet: no appeal.
    await store([message(threadId, BOB, new Date(), 'not the member')]);
    expect((await scanForAppeals(siteId)).opened).toEqual([]);
    // The team had the thread resolved (a support account takes part): the appeal reopens it.
    await db
      .insert(triageConversations)
      .values({ siteId, threadId, source: 'participant', status: 'resolved', resolvedAt: new Date() });

    const answer = message(threadId, ALICE, new Date(), 'Please look again.');
    await store([answer]);
    const scan = await scanForAppeals(siteId);
    expect(scan.opened).toHaveLength(1);
    expect(scan.late).toEqual([]);
    const [appeal] = await appealsOf(decisionId);
    expect(appeal).toMatchObject({
      threadId,
      memberUserId: ALICE,
      messageId: answer.id,
      messageText: 'Please look again.',
      status: 'open',
    });
    const [conv] = await db
      .select()
      .from(triageConversations)
      .where(and(eq(triageConversations.siteId, siteId), eq(triageConversations.threadId, threadId)));
    expect(conv).toMatchObject({ status: 'open', resolvedAt: null, reopenedCount: 1 });
    const labels = await db
      .select({ name: triageLabels.name })
      .from(triageConversationLabels)
      .innerJoin(triageLabels, eq(triageLabels.id, triageConversationLabels.labelId))
      .where(
        and(eq(triageConversationLabels.siteId, siteId), eq(triageConversationLabels.threadId, threadId)),
      );
    expect(labels).toEqual([{ name: 'appeal' }]);

    // A second answer: nothing new (the conversation simply has it).
    await store([message(threadId, ALICE, new Date(), 'Hello?')]);
    expect(await scanForAppeals(siteId)).toEqual({ opened: [], late: [] });
    expect(await appealsOf(decisionId)).toHaveLength(1);
    expect(await noticesOf(decisionId, 'appeal_late')).toEqual([]);
    expect((await appealOfThread(siteId, threadId))?.appeal.id).toBe(appeal!.id);
  });

  it('a message written before the notice is not an answer', async () => {
    const db = await getDb();
    const threadId = nextThreadId++;
    const before = message(threadId, ALICE, new Date(Date.now() - 2 * DAY), 'earlier');
    await store([before]);
    const notice = message(threadId, MODERATION, new Date(Date.now() - DAY), 'notice');
    await store([notice]);
    const [d] = await db
      .insert(moderationDecisions)
      .values({ siteId, kind: 'warning', subjectUserId: ALICE, actorName: 'Mo', strike: true })
      .returning({ id: moderationDecisions.id });
    await db.insert(moderationNotices).values({
      siteId,
      kind: 'decision',
      decisionId: d!.id,
      recipientUserId: ALICE,
      body: 'notice',
      status: 'sent',
      threadId,
      messageId: notice.id,
      sentAt: notice.createdAt,
    });
    expect(await scanForAppeals(siteId)).toEqual({ opened: [], late: [] });
  });

  it('after the window: one automatic answer per decision, no appeal', async () => {
    const { decisionId, threadId } = await decided(BOB, 4);
    await store([message(threadId, BOB, new Date(), 'I appeal!')]);
    const scan = await scanForAppeals(siteId, { waitForNotices: true });
    expect(scan.opened).toEqual([]);
    expect(scan.late).toHaveLength(1);
    const late = await noticesOf(decisionId, 'appeal_late');
    expect(late).toHaveLength(1);
    // No moderation account on this site: the answer is not sent, and says why.
    expect(late[0]).toMatchObject({ threadId, recipientUserId: BOB, status: 'off' });
    expect(late[0]!.body).toMatch(/time to appeal ended on/);
    expect(await appealsOf(decisionId)).toEqual([]);

    await store([message(threadId, BOB, new Date(), 'Hello??')]);
    expect(await scanForAppeals(siteId, { waitForNotices: true })).toEqual({ opened: [], late: [] });
    expect(await noticesOf(decisionId, 'appeal_late')).toHaveLength(1);
  });
});

describe('deciding an appeal', () => {
  const noClient = async (): Promise<BmClient> => {
    throw new Error('this decision needs no call on the site');
  };

  it('is upheld once; a second attempt is refused and sends nothing', async () => {
    const { decisionId, threadId } = await decided(ALICE, 0, 'warning');
    await store([message(threadId, ALICE, new Date(), 'Why?')]);
    const [appealId] = (await scanForAppeals(siteId)).opened;
    const actor = { id: mo.id, name: mo.name, email: mo.email, role: mo.role };
    // Decided from another conversation than the appeal's: not found, nothing changes.
    await expect(
      decideAppeal({
        siteId,
        appealId: appealId!,
        threadId: threadId + 1,
        outcome: 'upheld',
        reasonId: null,
        freeText: null,
        actor,
        client: noClient,
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const r = await decideAppeal({
      threadId,
      siteId,
      appealId: appealId!,
      outcome: 'upheld',
      reasonId: null,
      freeText: 'The warning stands.',
      actor,
      client: noClient,
      waitForNotice: true,
    });
    expect(r.appeal).toMatchObject({ status: 'upheld', decidedBy: mo.id, freeText: 'The warning stands.' });
    expect(r.notice).toMatchObject({ kind: 'appeal_upheld', threadId, status: 'off' });
    expect(r.notice!.body).toMatch(/The decision stays as it was/);
    await expect(
      decideAppeal({
        siteId,
        appealId: appealId!,
        outcome: 'overturned',
        reasonId: null,
        freeText: null,
        actor,
        client: noClient,
      }),
    ).rejects.toMatchObject({ code: 'appeal-decided', message: /already upheld by Mo Moderator/ });
    const db = await getDb();
    const [d] = await db.select().from(moderationDecisions).where(eq(moderationDecisions.id, decisionId));
    expect(d!.status).toBe('active');
    expect(await noticesOf(decisionId, 'appeal_overturned')).toEqual([]);
  });

  it('overturning a deletion says the messages cannot come back', async () => {
    const db = await getDb();
    const { decisionId, threadId } = await decided(ALICE, 0, 'delete');
    await db
      .update(moderationDecisions)
      .set({ messageIds: [1, 2] })
      .where(eq(moderationDecisions.id, decisionId));
    await store([message(threadId, ALICE, new Date(), 'That was not spam.')]);
    const [appealId] = (await scanForAppeals(siteId)).opened;
    const r = await decideAppeal({
      siteId,
      appealId: appealId!,
      outcome: 'overturned',
      reasonId: null,
      freeText: null,
      actor: { id: mo.id, name: mo.name, email: mo.email, role: mo.role },
      client: async () => ({}) as BmClient,
      waitForNotice: true,
    });
    expect(r.reversal).toEqual({
      reversed: [],
      notReversed: ['the 2 removed messages cannot come back: the site deletes them for good'],
    });
    expect(r.notice!.body).toMatch(/overturned the decision/);
    expect(r.notice!.body).toMatch(/Not undone: the 2 removed messages cannot come back/);
    const [d] = await db.select().from(moderationDecisions).where(eq(moderationDecisions.id, decisionId));
    expect(d).toMatchObject({ status: 'overturned' });
    // An overturned decision is not appealed again.
    await store([message(threadId, ALICE, new Date(), 'thanks')]);
    expect(await scanForAppeals(siteId)).toEqual({ opened: [], late: [] });
  });

  it('a notice thread joins the inbox only when the member appeals, not at the triage catch-up', async () => {
    const db = await getDb();
    const { threadId } = await decided(BOB, 0);
    // An ordinary thread the moderation account takes part in, for comparison.
    const other = nextThreadId++;
    await store([message(other, BOB, new Date(), 'A question for support')]);
    await db
      .insert(supportAccounts)
      .values({ siteId, bmUserId: MODERATION, username: 'moderation', name: 'Moderation' })
      .onConflictDoNothing();
    await db
      .update(indexThreads)
      .set({ participants: [MODERATION, BOB] })
      .where(and(eq(indexThreads.siteId, siteId), inArray(indexThreads.id, [threadId, other])));
    await catchUpTriage(siteId, new Date());
    const inInbox = async (id: number) =>
      (
        await db
          .select()
          .from(triageConversations)
          .where(and(eq(triageConversations.siteId, siteId), eq(triageConversations.threadId, id)))
      ).length;
    expect(await inInbox(other)).toBe(1);
    expect(await inInbox(threadId)).toBe(0);
  });

  it('a site ban is overturned by an admin, not a moderator (it lifts across the site)', async () => {
    const { decisionId, threadId } = await decided(ALICE, 0, 'site_ban');
    await store([message(threadId, ALICE, new Date(), 'Please lift my site ban.')]);
    const [appealId] = (await scanForAppeals(siteId)).opened;
    await expect(
      decideAppeal({
        siteId,
        appealId: appealId!,
        outcome: 'overturned',
        reasonId: null,
        freeText: null,
        actor: { id: mo.id, name: mo.name, email: mo.email, role: mo.role },
        client: noClient,
      }),
    ).rejects.toMatchObject({ code: 'forbidden', message: /an admin decides this appeal/ });
    // Nothing changed: the appeal is still open for an admin.
    expect((await appealsOf(decisionId))[0]).toMatchObject({ status: 'open' });
  });

  it('an appeal of another site is not found', async () => {
    await expect(
      decideAppeal({
        siteId: siteId + 1000,
        appealId: 1,
        outcome: 'upheld',
        reasonId: null,
        freeText: null,
        actor: { id: mo.id, name: mo.name, email: mo.email, role: mo.role },
        client: noClient,
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});

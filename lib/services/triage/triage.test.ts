/**
 * The inbox from a hand-made index with controlled timestamps: membership, waiting times,
 * views and counts, reopen on a new user message, snooze wake, notes and mentions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { insertSite } from '@/lib/services/sites/queries';
import type { MessageRow } from '@/lib/services/site-index/convert';
import { storeBatch } from '@/lib/services/site-index/store';
import { getDb } from '@/lib/infra/db/client';
import { syncState } from '@/lib/services/site-index/schema';
import { catchUpTriage } from './catch-up';
import { addConversation, changeConversation, getConversation, getTriageTimeline } from './conversations';
import { addNote, countUnreadNotifications, findMentions, getNotifications } from './notes';
import { getInbox, getInboxCounts } from './queries';
import { supportAccounts } from './schema';
import { messageRow } from '@/tests/support/index-rows';

const SUPPORT = 50;
const ALICE = 2;
const BOB = 3;
const t = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
let siteId: number;
let sam: Member;
let olive: Member;
let nextId = 1;

function message(
  threadId: number,
  senderId: number,
  hhmm: string,
  receiverId: number | null = null,
): MessageRow {
  const id = nextId++;
  return messageRow({
    id,
    threadId,
    senderId,
    receiverId,
    createdAt: t(hhmm),
    text: `m${id}`,
  });
}

async function store(rows: MessageRow[]) {
  await storeBatch(await getDb(), {
    siteId,
    users: [
      { id: SUPPORT, name: 'Support', avatar: null, isGuest: false },
      { id: ALICE, name: 'Alice', avatar: null, isGuest: false },
      { id: BOB, name: 'Bob', avatar: null, isGuest: false },
    ],
    deletedIds: [],
    rows,
  });
}

beforeAll(async () => {
  const stamp = Date.now();
  siteId = (
    await insertSite({
      name: `Triage ${stamp}`,
      url: 'https://triage.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
  sam = await createMember({
    email: `sam-${stamp}@t.test`,
    name: 'Sam Support',
    password: 'x'.repeat(14),
    role: 'support',
  });
  olive = await createMember({
    email: `olive-${stamp}@t.test`,
    name: 'Olive Owner',
    password: 'x'.repeat(14),
    role: 'owner',
  });
  const db = await getDb();
  await db
    .insert(supportAccounts)
    .values({ siteId, bmUserId: SUPPORT, username: 'support', name: 'Support' });
  await store([
    // 100: Alice asked at 08:00, Support answered 08:30, Alice asked again 09:05 and 10:00.
    message(100, ALICE, '08:00'),
    message(100, SUPPORT, '08:30'),
    message(100, ALICE, '09:05'),
    message(100, ALICE, '10:00'),
    // 101: Bob wrote to Support at 11:00, nobody answered yet.
    message(101, BOB, '11:00', SUPPORT),
    // 102: answered, nobody waits.
    message(102, BOB, '07:00'),
    message(102, SUPPORT, '07:20'),
    // 103: no support account: not in the inbox unless added by hand.
    message(103, ALICE, '06:00'),
    message(103, BOB, '06:10'),
  ]);
});

describe('inbox from the index', () => {
  it('takes in the threads where a support account takes part, with exact waiting times', async () => {
    const r = await catchUpTriage(siteId, t('12:17'));
    expect(r.added).toBe(3);
    const c100 = await getConversation(siteId, 100);
    expect(c100).toMatchObject({
      status: 'open',
      source: 'participant',
      waitingSince: t('09:05'),
      firstUserMessageAt: t('08:00'),
      firstResponseAt: t('08:30'),
      lastUserMessageAt: t('10:00'),
    });
    expect((await getConversation(siteId, 102))?.waitingSince).toBeNull();
    expect(await getConversation(siteId, 103)).toBeNull();
    // A second pass finds nothing to do.
    expect(await catchUpTriage(siteId, t('12:18'))).toEqual({ added: 0, recomputed: 0, changed: 0 });
  });

  it('sorts the open view by waiting time, oldest first, and counts every view', async () => {
    const page = await getInbox({ siteId, view: 'open', memberId: sam.id });
    expect(page.rows.map((r) => r.threadId)).toEqual([100, 101, 102]);
    expect(page.total).toBe(3);
    const counts = await getInboxCounts({ siteId, memberId: sam.id });
    expect(counts).toEqual({ mine: 0, unassigned: 3, open: 3, pending: 0, snoozed: 0, resolved: 0 });
  });

  it('adds a thread by hand and assigns it', async () => {
    expect(await addConversation(siteId, 103, sam)).toBe(true);
    expect(await addConversation(siteId, 103, sam)).toBe(false);
    await catchUpTriage(siteId, t('12:20'));
    expect((await getConversation(siteId, 103))?.waitingSince).toEqual(t('06:00'));
    await changeConversation(siteId, 103, { kind: 'assignee', assigneeId: sam.id }, olive);
    const mine = await getInbox({ siteId, view: 'mine', memberId: sam.id });
    expect(mine.rows.map((r) => [r.threadId, r.assigneeName])).toEqual([[103, 'Sam Support']]);
    const timeline = await getTriageTimeline(siteId, 103);
    expect(timeline.map((e) => (e.type === 'event' ? e.kind : 'note'))).toEqual(['added', 'assignee']);
  });

  it('first response and resolution are recorded; a new user message reopens', async () => {
    await store([message(101, SUPPORT, '12:30')]);
    await catchUpTriage(siteId, t('12:31'));
    expect(await getConversation(siteId, 101)).toMatchObject({
      waitingSince: null,
      firstResponseAt: t('12:30'),
    });
    await changeConversation(siteId, 101, { kind: 'status', status: 'resolved' }, sam, t('12:40'));
    expect(await getConversation(siteId, 101)).toMatchObject({ status: 'resolved', resolvedAt: t('12:40') });
    expect((await getInboxCounts({ siteId, memberId: sam.id })).resolved).toBe(1);

    await store([message(101, BOB, '13:05')]);
    await catchUpTriage(siteId, t('13:06'));
    expect(await getConversation(siteId, 101)).toMatchObject({
      status: 'open',
      resolvedAt: null,
      reopenedCount: 1,
      waitingSince: t('13:05'),
      firstResponseAt: t('12:30'),
    });
    const kinds = (await getTriageTimeline(siteId, 101)).map((e) => (e.type === 'event' ? e.kind : ''));
    expect(kinds).toEqual(['status', 'reopened']);
  });

  it('a snooze wakes at its time', async () => {
    await changeConversation(
      siteId,
      102,
      { kind: 'status', status: 'snoozed', snoozedUntil: t('15:00') },
      sam,
      t('13:00'),
    );
    await catchUpTriage(siteId, t('14:59'));
    expect((await getConversation(siteId, 102))?.status).toBe('snoozed');
    expect((await getInboxCounts({ siteId, memberId: sam.id })).snoozed).toBe(1);
    await catchUpTriage(siteId, t('15:00'));
    expect(await getConversation(siteId, 102)).toMatchObject({ status: 'open', snoozedUntil: null });
    await expect(
      changeConversation(
        siteId,
        102,
        { kind: 'status', status: 'snoozed', snoozedUntil: t('10:00') },
        sam,
        t('15:01'),
      ),
    ).rejects.toThrow(/future/);
  });

  it('once the backfill is done, a pass looks only at recently active threads and still sees new ones', async () => {
    const db = await getDb();
    await db
      .insert(syncState)
      .values({ siteId, backfillFinishedAt: new Date() })
      .onConflictDoUpdate({ target: syncState.siteId, set: { backfillFinishedAt: new Date() } });
    await catchUpTriage(siteId, t('15:02'));
    expect(await catchUpTriage(siteId, t('15:03'))).toEqual({ added: 0, recomputed: 0, changed: 0 });
    // A new thread with the support account in it, and a new message in a known one.
    await store([message(104, ALICE, '15:10', SUPPORT), message(100, SUPPORT, '15:11')]);
    const r = await catchUpTriage(siteId, t('15:12'));
    expect(r).toMatchObject({ added: 1, recomputed: 2 });
    expect((await getConversation(siteId, 104))?.waitingSince).toEqual(t('15:10'));
    expect((await getConversation(siteId, 100))?.waitingSince).toBeNull();
  });

  it('a note mentions a member, who is notified; the author is not', async () => {
    expect(findMentions('ping @sam support and @Olive Owner, @Nobody', [sam, olive])).toEqual(
      expect.arrayContaining([sam.id, olive.id]),
    );
    // Mentions only: on a shared PostgreSQL, alerts from test files running beside this one may
    // reach every member (CI saw one arrive between the two counts).
    const mentions = async (id: number) => (await getNotifications(id)).filter((n) => n.kind === 'mention');
    const before = await countUnreadNotifications(sam.id);
    const mentionsBefore = (await mentions(sam.id)).length;
    const { mentioned } = await addNote(siteId, 100, 'Refund approved, @Sam Support please reply', olive);
    expect(mentioned).toEqual([sam.id]);
    expect(await countUnreadNotifications(sam.id)).toBeGreaterThanOrEqual(before + 1);
    expect((await mentions(sam.id)).length).toBe(mentionsBefore + 1);
    expect(await mentions(olive.id)).toEqual([]);
    const [latest] = await mentions(sam.id);
    expect(latest).toMatchObject({
      actorName: 'Olive Owner',
      threadId: 100,
      noteBody: expect.stringContaining('Refund'),
    });
    await expect(addNote(siteId, 999, 'nowhere', olive)).rejects.toThrow(/not in the support inbox/);
  });
});

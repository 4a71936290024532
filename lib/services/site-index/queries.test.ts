/** The index queries over a small, hand-made index: filters, sort, paging, full-text, one WHERE for rows and count. */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import type { MessageRow } from './convert';
import { getAttachments } from './queries/attachments';
import { getMessages } from './queries/messages';
import { getThreads } from './queries/threads';
import { getIndexedRestrictions, getUsers } from './queries/users';
import { indexAttachments, indexThreads } from './schema';
import { recountUsers, storeBatch } from './store';
import { messageRow } from '@/tests/support/index-rows';

let siteId: number;
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));

function message(
  id: number,
  threadId: number,
  senderId: number,
  text: string,
  extra: Partial<MessageRow> = {},
): MessageRow {
  return messageRow({
    id,
    threadId,
    senderId,
    createdAt: day(id),
    text,
    ...extra,
  });
}

beforeAll(async () => {
  siteId = (
    await insertSite({
      name: `Queries ${Date.now()}`,
      url: 'https://queries.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
  const db = await getDb();
  const report = {
    reporterBmUserId: 3,
    reporterName: 'Carol',
    category: 'spam',
    description: '',
    time: null,
  };
  await storeBatch(db, {
    siteId,
    users: [
      { id: 1, name: 'Alice', avatar: null, isGuest: false },
      { id: 2, name: 'Bob', avatar: null, isGuest: false },
      { id: 3, name: 'Carol', avatar: null, isGuest: false },
      { id: -7, name: 'Guest Gina', avatar: null, isGuest: true },
    ],
    deletedIds: [],
    rows: [
      message(1, 100, 1, 'Where is my delivery of bananas', { receiverId: 2 }),
      message(2, 100, 2, 'Your delivery ships tomorrow', { receiverId: 1 }),
      message(3, 101, 3, 'Buy cheap watches now', { reports: [report], reportCount: 1 }),
      message(4, 101, 1, 'Please stop spamming'),
      message(5, 102, -7, 'Hello from a guest', { pending: true }),
      message(6, 103, 2, 'Invoice attached', {
        attachments: [{ url: 'https://s.test/i.pdf' }],
        attachmentCount: 1,
      }),
      message(7, 104, 1, 'Привет, доставка завтра'),
    ],
  });
  await recountUsers(db, siteId);
  await db.execute(sql`UPDATE ${indexThreads} SET type = 'chat-room', subject = 'Watches room',
    participants = '{1,3,5}', ban_count = 1, bans = '[{"bmUserId":3,"until":"2027-01-01T00:00:00.000Z"}]'
    WHERE site_id = ${siteId} AND id = 101`);
  await db.execute(sql`UPDATE ${indexThreads} SET type = 'thread', subject = 'Order 42'
    WHERE site_id = ${siteId} AND id <> 101`);
  await db.insert(indexAttachments).values([
    {
      siteId,
      id: 900,
      messageId: 6,
      threadId: 103,
      uploaderId: 2,
      name: 'invoice.pdf',
      mime: 'application/pdf',
      ext: 'pdf',
      size: 2000,
      url: 'https://s.test/i.pdf',
      date: day(6),
    },
    {
      siteId,
      id: 901,
      messageId: 6,
      threadId: 103,
      uploaderId: 2,
      name: 'photo.jpg',
      mime: 'image/jpeg',
      ext: 'jpg',
      size: 5000,
      url: 'https://s.test/p.jpg',
      date: day(6),
    },
  ]);
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

describe('getThreads', () => {
  it('lists newest activity first by default, with counts', async () => {
    const page = await getThreads({ siteId });
    expect(ids(page.rows)).toEqual([104, 103, 102, 101, 100]);
    expect(page.total).toBe(5);
    expect(page.rows.find((r) => r.id === 100)).toMatchObject({ messageCount: 2, participants: [1, 2] });
  });

  it('filters by participant, type, flags and activity dates', async () => {
    expect(ids((await getThreads({ siteId, participant: 2 })).rows)).toEqual([103, 100]);
    expect(ids((await getThreads({ siteId, types: ['chat-room'] })).rows)).toEqual([101]);
    expect(ids((await getThreads({ siteId, hasReports: true })).rows)).toEqual([101]);
    expect(ids((await getThreads({ siteId, hasPending: true })).rows)).toEqual([102]);
    expect(ids((await getThreads({ siteId, hasAttachments: true })).rows)).toEqual([103]);
    expect(ids((await getThreads({ siteId, hasBans: true })).rows)).toEqual([101]);
    expect(ids((await getThreads({ siteId, hasBans: false, hasMutes: false })).rows)).toEqual([
      104, 103, 102, 100,
    ]);
    expect(ids((await getThreads({ siteId, activeFrom: day(3), activeTo: day(5) })).rows)).toEqual([
      102, 101,
    ]);
  });

  it('full-text over messages (word prefixes, any script) and the subject', async () => {
    expect(ids((await getThreads({ siteId, text: 'deliv' })).rows)).toEqual([100]);
    expect(ids((await getThreads({ siteId, text: 'доставка' })).rows)).toEqual([104]);
    expect(ids((await getThreads({ siteId, text: 'watches room' })).rows)).toEqual([101]);
    expect((await getThreads({ siteId, text: 'nothing-like-this' })).total).toBe(0);
    // The words of a thread may come from different messages.
    expect(ids((await getThreads({ siteId, text: 'bananas tomorrow' })).rows)).toEqual([100]);
  });

  it("a thread's words follow its messages: a deleted message's words no longer find it", async () => {
    const other = (
      await insertSite({
        name: `Words ${Date.now()}`,
        url: 'https://words.example.test',
        username: 'admin',
        appPassword: 'pw',
        probe: { status: 'ok', reason: null, message: null },
      })
    ).id;
    const db = await getDb();
    const batch = { siteId: other, users: [], deletedIds: [] as number[] };
    await storeBatch(db, {
      ...batch,
      rows: [message(1, 500, 1, 'Parcel lost again'), message(2, 500, 2, 'Sorry about the parcel')],
    });
    expect(ids((await getThreads({ siteId: other, text: 'lost' })).rows)).toEqual([500]);
    await storeBatch(db, { ...batch, rows: [], deletedIds: [1] });
    expect((await getThreads({ siteId: other, text: 'lost' })).total).toBe(0);
    expect(ids((await getThreads({ siteId: other, text: 'parcel' })).rows)).toEqual([500]);
  });

  it('sorts by any listed column and pages with a count that matches the filter', async () => {
    const bySize = await getThreads({ siteId }, { sort: [{ id: 'messageCount', desc: true }], perPage: 2 });
    expect(ids(bySize.rows)).toEqual([101, 100]);
    expect(bySize).toMatchObject({ total: 5, pageCount: 3, perPage: 2 });
    const last = await getThreads(
      { siteId },
      { sort: [{ id: 'messageCount', desc: true }], perPage: 2, page: 3 },
    );
    expect(ids(last.rows)).toEqual([102]);
    const filtered = await getThreads({ siteId, participant: 1 }, { perPage: 1 });
    expect(filtered.total).toBe(3);
  });
});

describe('getMessages, getUsers, getAttachments', () => {
  it('messages by filter and text, with the sender name', async () => {
    expect(ids((await getMessages({ siteId, reported: true })).rows)).toEqual([3]);
    expect(ids((await getMessages({ siteId, pending: true })).rows)).toEqual([5]);
    expect(ids((await getMessages({ siteId, participant: 2 })).rows)).toEqual([6, 2, 1]);
    const found = await getMessages({ siteId, text: 'delivery' }, { sort: [{ id: 'id' }] });
    expect(ids(found.rows)).toEqual([1, 2]);
    expect(found.rows[0]).toMatchObject({ senderName: 'Alice' });
  });

  it('users with counts, by name or id, guests apart', async () => {
    const all = await getUsers({ siteId }, { sort: [{ id: 'messageCount', desc: true }] });
    expect(all.rows[0]).toMatchObject({ id: 1, name: 'Alice', messageCount: 3, threadCount: 3 });
    expect(ids((await getUsers({ siteId, search: 'car' })).rows)).toEqual([3]);
    expect(ids((await getUsers({ siteId, isGuest: true })).rows)).toEqual([-7]);
    expect(ids((await getUsers({ siteId, hasReported: true })).rows)).toEqual([3]);
  });

  it('users: pending counts, bans the site lists or BM Desk recorded, ids the site matched', async () => {
    const db = await getDb();
    await db.execute(sql`UPDATE ${indexThreads}
      SET bans = '[{"bmUserId":3,"until":"2099-01-01T00:00:00.000Z"}]' WHERE site_id = ${siteId} AND id = 101`);
    const byId = { sort: [{ id: 'id' as const }] };
    expect((await getUsers({ siteId, isGuest: true })).rows[0]).toMatchObject({ id: -7, pendingCount: 1 });
    expect(ids((await getUsers({ siteId }, { sort: [{ id: 'pendingCount', desc: true }] })).rows)[0]).toBe(
      -7,
    );
    expect(ids((await getUsers({ siteId, banned: true })).rows)).toEqual([3]);
    expect(ids((await getUsers({ siteId, banned: true, recordedBanIds: [2] }, byId)).rows)).toEqual([2, 3]);
    expect(ids((await getUsers({ siteId, banned: false }, byId)).rows)).toEqual([-7, 1, 2]);
    expect(ids((await getUsers({ siteId, search: 'bob@example.test', searchIds: [2] })).rows)).toEqual([2]);
    expect(await getIndexedRestrictions(siteId, [1, 3])).toEqual([
      { kind: 'ban', threadId: 101, bmUserId: 3, until: '2099-01-01T00:00:00.000Z' },
    ]);
  });

  it('attachments by kind and name, sorted by size', async () => {
    expect(ids((await getAttachments({ siteId, kinds: ['image'] })).rows)).toEqual([901]);
    expect(ids((await getAttachments({ siteId, kinds: ['other'] })).rows)).toEqual([900]);
    expect(ids((await getAttachments({ siteId, name: 'INVOICE' })).rows)).toEqual([900]);
    expect(ids((await getAttachments({ siteId }, { sort: [{ id: 'size' }] })).rows)).toEqual([900, 901]);
  });
});

/** The messages desk's query over a small seeded index: each filter, combinations, sorting, paging, bad input. */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { parseSearch } from '@/lib/infra/table/search-params';
import {
  filterFromSearch,
  impossibleFilters,
  messagesSearchParams,
} from '@/lib/services/messages/search-params';
import { ruleFromSearch, ruleEditorHref } from '@/lib/services/messages/make-rule';
import { boundedConditionSchema } from '@/lib/services/rules/tree';
import { insertSite } from '@/lib/services/sites/queries';
import type { MessageRow } from './convert';
import {
  countMessagesDesk,
  getMatchingMessages,
  getMessagesByIds,
  getMessagesDesk,
  wordsTsQuery,
} from './queries/messages-desk';
import { indexThreads } from './schema';
import { recountUsers, storeBatch } from './store';
import { messageRow } from '@/tests/support/index-rows';

let siteId: number;
let otherSiteId: number;
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

const report = { reporterBmUserId: 3, reporterName: 'Carol', category: 'spam', description: '', time: null };

async function site(name: string) {
  return (
    await insertSite({
      name: `${name} ${Date.now()} ${Math.random()}`,
      url: 'https://messages-desk.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
}

beforeAll(async () => {
  siteId = await site('Messages desk');
  otherSiteId = await site('Messages desk other');
  const db = await getDb();
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
      message(1, 100, 1, 'Where is my delivery of bananas'),
      message(2, 100, 2, 'Your delivery ships tomorrow, see https://shop.example.com/track'),
      message(3, 101, 3, 'Buy cheap watches now at http://cheap-watches.biz/x', {
        reports: [report],
        reportCount: 1,
      }),
      message(4, 101, 1, 'Call me on +44 20 7946 0958 or mail alice@example.org'),
      message(5, 102, -7, 'Hello from a guest, visit www.spam.example.net', { pending: true }),
      message(6, 103, 2, 'Invoice attached', {
        attachments: [{ url: 'https://s.test/i.pdf' }],
        attachmentCount: 1,
        aiFlagged: true,
      }),
      message(7, 104, 1, 'Привет, доставка завтра'),
      message(8, 101, 3, 'FREE money casino bonus', { pending: true }),
    ],
  });
  await recountUsers(db, siteId);
  await db.execute(sql`UPDATE ${indexThreads} SET type = 'chat-room' WHERE site_id = ${siteId} AND id = 101`);
  await db.execute(sql`UPDATE ${indexThreads} SET type = 'thread' WHERE site_id = ${siteId} AND id <> 101`);
  // Another site's identical message is never listed.
  await storeBatch(db, {
    siteId: otherSiteId,
    users: [{ id: 3, name: 'Carol', avatar: null, isGuest: false }],
    deletedIds: [],
    rows: [message(3, 101, 3, 'Buy cheap watches now at http://cheap-watches.biz/x')],
  });
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
async function list(query: Record<string, string>) {
  const { search, ignored } = parseSearch(messagesSearchParams, query);
  const page = await getMessagesDesk(filterFromSearch(siteId, search), {
    page: search.page,
    perPage: search.perPage,
    sort: search.sort,
  });
  return { page, ids: ids(page.rows), ignored, search };
}

describe('messages desk query', () => {
  it('lists every message of the site, newest first, with sender and thread', async () => {
    const { page, ids } = await list({});
    expect(ids).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(page.total).toBe(8);
    expect(page.more).toBe(false);
    expect(page.rows.find((r) => r.id === 5)).toMatchObject({
      senderName: 'Guest Gina',
      senderIsGuest: true,
      threadType: 'thread',
      pending: true,
    });
  });

  it('filters one by one', async () => {
    expect((await list({ q: 'deliv' })).ids).toEqual([2, 1]);
    expect((await list({ q: 'достав' })).ids).toEqual([7]);
    expect((await list({ words: 'casino,watches' })).ids).toEqual([8, 3]);
    expect((await list({ words: 'free money' })).ids).toEqual([8]);
    expect((await list({ words: 'money free' })).ids).toEqual([]);
    expect((await list({ link: '1' })).ids).toEqual([5, 3, 2]);
    expect((await list({ link: '0' })).ids).toEqual([8, 7, 6, 4, 1]);
    expect((await list({ domain: 'example.com' })).ids).toEqual([2]);
    expect((await list({ domain: 'EXAMPLE.net' })).ids).toEqual([5]);
    expect((await list({ domain: 'watches.biz' })).ids).toEqual([]);
    expect((await list({ outside: 'example.com,example.net' })).ids).toEqual([3]);
    expect((await list({ outside: 'example.com' })).ids).toEqual([5, 3]);
    expect((await list({ phone: '1' })).ids).toEqual([4]);
    expect((await list({ email: '1' })).ids).toEqual([4]);
    expect((await list({ sender: '3' })).ids).toEqual([8, 3]);
    expect((await list({ sender: '-7' })).ids).toEqual([5]);
    expect((await list({ guest: '1' })).ids).toEqual([5]);
    expect((await list({ guest: '0' })).ids).not.toContain(5);
    expect((await list({ thread: '101' })).ids).toEqual([8, 4, 3]);
    expect((await list({ type: 'chat-room' })).ids).toEqual([8, 4, 3]);
    expect((await list({ type: 'thread,group' })).ids).toEqual([7, 6, 5, 2, 1]);
    expect((await list({ from: '2026-01-03', to: '2026-01-05' })).ids).toEqual([5, 4, 3]);
    expect((await list({ pending: '1' })).ids).toEqual([8, 5]);
    expect((await list({ reported: '1' })).ids).toEqual([3]);
    expect((await list({ reported: '0' })).ids).not.toContain(3);
    expect((await list({ ai: '1' })).ids).toEqual([6]);
    expect((await list({ files: '1' })).ids).toEqual([6]);
    expect((await list({ files: '0' })).ids).not.toContain(6);
  });

  it('combines filters (all must hold)', async () => {
    expect((await list({ type: 'chat-room', pending: '1' })).ids).toEqual([8]);
    expect((await list({ link: '1', sender: '2' })).ids).toEqual([2]);
    expect((await list({ q: 'buy', reported: '1', type: 'chat-room' })).ids).toEqual([3]);
    expect((await list({ q: 'buy', reported: '0' })).ids).toEqual([]);
    expect((await list({ words: 'casino', from: '2026-01-01', to: '2026-01-07' })).ids).toEqual([]);
  });

  it('sorts and pages', async () => {
    expect((await list({ sort: 'id.asc' })).ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await list({ sort: 'senderId.asc' })).ids.slice(0, 1)).toEqual([5]);
    expect((await list({ sort: 'reportCount.desc' })).ids[0]).toBe(3);
    expect((await list({ sort: 'attachmentCount.desc' })).ids[0]).toBe(6);
    expect((await list({ sort: 'threadId.asc,id.desc' })).ids).toEqual([2, 1, 8, 4, 3, 5, 6, 7]);
    expect((await list({ sort: 'nonsense.asc' })).ids).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    const first = await list({ perPage: '10', sort: 'id.asc' });
    expect(first.page.perPage).toBe(10);
    const { page } = await list({ page: '2', perPage: '10' });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(8);
  });

  it('drops bad input and names it, never reaching PostgreSQL with it', async () => {
    const nul = await list({ q: 'spam\u0000drop' });
    expect(nul.ignored).toEqual([{ key: 'q', problem: 'control' }]);
    expect(nul.ids).toHaveLength(8);
    const long = await list({ q: 'a'.repeat(100_000), words: 'b'.repeat(100_000) });
    expect(long.ignored.map((i) => i.key).sort()).toEqual(['q', 'words']);
    const big = await list({ sender: String(2 ** 31), thread: '99999999999', page: String(2 ** 40) });
    expect(big.ignored.map((i) => i.key).sort()).toEqual(['sender', 'thread']);
    expect(big.search.page).toBe(1);
    const dates = await list({ from: '2026-02-30', to: '2026-13-01' });
    expect(dates.ignored).toEqual([
      { key: 'from', problem: 'date' },
      { key: 'to', problem: 'date' },
    ]);
    expect(dates.ids).toHaveLength(8);
    const bad = await list({
      domain: 'not a domain',
      outside: 'ok.com,<script>',
      type: 'bogus',
      pending: 'yes',
    });
    expect(bad.ignored.map((i) => i.key).sort()).toEqual(['domain', 'outside', 'pending', 'type']);
    // Punctuation only: no word to look for, nothing matches (never everything).
    expect((await list({ q: '!!!' })).ids).toEqual([]);
    expect((await list({ words: '\'"%_' })).ids).toHaveLength(8);
    expect(wordsTsQuery(["o'brien", 'a & b', '!:*'])).toBe('(o <-> brien) | (a <-> b)');
  });

  it('says in words when the filters cannot match', () => {
    const { search } = parseSearch(messagesSearchParams, {
      from: '2026-03-01',
      to: '2026-02-01',
      guest: '0',
      sender: '-7',
    });
    const said = impossibleFilters(search);
    expect(said).toHaveLength(2);
    expect(said[0]).toContain('after');
  });

  it('answers the same page within any time budget (PostgreSQL: the walk, then every match sorted)', async () => {
    for (const query of [
      {},
      { q: 'deliv' },
      // The word searches race the walk against the matches read through the word index.
      { q: 'deliv', sort: 'senderId.asc' },
      { q: 'nosuchwordanywhere' },
      { link: '1', sort: 'senderId.asc' },
      { pending: '1' },
    ]) {
      const { search } = parseSearch(messagesSearchParams, query);
      const filter = filterFromSearch(siteId, search);
      const request = { page: 1, perPage: 3, sort: search.sort };
      const plain = await getMessagesDesk(filter, request);
      const budgeted = await getMessagesDesk(filter, request, 1);
      expect(ids(budgeted.rows)).toEqual(ids(plain.rows));
      if (budgeted.counted) expect(budgeted.total).toBe(plain.total);
      else expect(budgeted.total).toBeLessThanOrEqual(plain.total);
      expect(budgeted.pageCount >= 1 || plain.total === 0).toBe(true);
    }
  });

  it('counts up to the cap and lists every match for a job', async () => {
    expect(await countMessagesDesk({ siteId }, 5)).toEqual({ total: 5, more: true });
    expect(await countMessagesDesk({ siteId }, 8)).toEqual({ total: 8, more: false });
    const all = await getMatchingMessages({ siteId, pending: true });
    expect(all.map((r) => r.id)).toEqual([5, 8]);
    expect(all[0]).toMatchObject({ senderId: -7, senderName: 'Guest Gina', pending: true });
    expect((await getMessagesByIds(siteId, [3, 99, 1])).map((r) => r.id)).toEqual([1, 3]);
    expect((await getMessagesByIds(otherSiteId, [3, 1])).map((r) => r.id)).toEqual([3]);
  });
});

describe('make this a rule', () => {
  it('turns the filters into a valid condition tree and names what it leaves out', () => {
    const { search } = parseSearch(messagesSearchParams, {
      words: 'casino,free money',
      outside: 'example.com',
      phone: '1',
      guest: '1',
      type: 'chat-room',
      files: '0',
      sender: '5',
      from: '2026-01-01',
    });
    const draft = ruleFromSearch(search);
    expect(draft.conditions).toEqual({
      all: [
        { type: 'words', words: ['casino', 'free money'], obfuscation: true },
        { type: 'domain-outside', allow: ['example.com'] },
        { type: 'phone' },
        { type: 'guest' },
        { type: 'thread-type', types: ['chat-room'] },
        { not: { type: 'attachment', kinds: ['image', 'video', 'audio', 'file'] } },
      ],
    });
    expect(boundedConditionSchema.safeParse(draft.conditions).success).toBe(true);
    expect(draft.leftOut.join(' ')).toMatch(/sender #5.*dates/);
    const href = ruleEditorHref('demo', draft)!;
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/demo/rules/new');
    expect(JSON.parse(url.searchParams.get('conditions')!)).toEqual(draft.conditions);
    expect(url.searchParams.get('name')).toContain('casino');
  });

  it('has no rule for filters without an equivalent', () => {
    const { search } = parseSearch(messagesSearchParams, { sender: '5', from: '2026-01-01', q: 'hello' });
    const draft = ruleFromSearch(search);
    expect(draft.conditions).toBeNull();
    expect(ruleEditorHref('demo', draft)).toBeNull();
    expect(draft.leftOut).toHaveLength(3);
  });
});

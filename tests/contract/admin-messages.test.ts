import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAdminMessages, getAdminMessagesByIds } from '@/lib/infra/better-messages';
import { admin, ids, uniqueTag, user2 } from './support/site';
import { send, threadTracker } from './support/threads';

const threads = threadTracker();
const tag = uniqueTag('contractviewer');
let threadId = 0;
/** Every message of the thread, oldest first. */
const all: number[] = [];
const byUser2: number[] = [];
const tagged: number[] = [];

beforeAll(async () => {
  const created = await threads.create([ids.user2], `${tag} thread`, 'opening');
  threadId = created.threadId;
  if (created.messageId !== undefined) all.push(created.messageId);
  for (let n = 1; n <= 12; n++) {
    const text = n % 4 === 0 ? `${tag}needle ${n}` : `plain ${n}`;
    const fromAdmin = await send(admin, threadId, `${text} from admin`);
    const fromUser2 = await send(user2, threadId, `${text} from user2`);
    all.push(fromAdmin, fromUser2);
    byUser2.push(fromUser2);
    if (n % 4 === 0) tagged.push(fromAdmin, fromUser2);
  }
});

afterAll(() => threads.eraseAll());

const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

describe('admin messages viewer', () => {
  it('pages a thread 20 rows at a time, newest first', async () => {
    expect(all).toHaveLength(25);
    const first = await getAdminMessages(admin, { threadId });
    expect(first).toMatchObject({ total: 25, page: 1, perPage: 20, pages: 2 });
    expect(first.messages).toHaveLength(20);
    const second = await getAdminMessages(admin, { threadId, page: 2 });
    expect(second).toMatchObject({ total: 25, page: 2, pages: 2 });
    expect(second.messages).toHaveLength(5);
    const rows = [...first.messages, ...second.messages];
    expect(rows.map((m) => m.id)).toEqual([...all].reverse());
    const times = rows.map((m) => m.time.local);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('describes each row: thread, sender, receiver of a 1:1 thread, local time', async () => {
    const { messages } = await getAdminMessages(admin, { threadId });
    const row = messages.find((m) => m.id === byUser2.at(-1));
    expect(row).toMatchObject({ thread_id: threadId, participants: 2 });
    expect(row?.sender.bmUserId).toBe(ids.user2);
    expect(row?.receiver?.bmUserId).toBe(ids.admin);
    expect(row?.message).toContain('from user2');
    expect(row?.time.local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(row?.time.date).toBeInstanceOf(Date);
    expect(row?.view_link).toContain(String(threadId));
    expect(typeof row?.sender_blacklisted).toBe('boolean');
  });

  it('filters by sender', async () => {
    const page = await getAdminMessages(admin, { threadId, senderBmUserId: ids.user2 });
    expect(page.total).toBe(12);
    expect(sorted(page.messages.map((m) => m.id))).toEqual(byUser2);
    expect(page.messages.every((m) => m.sender.bmUserId === ids.user2)).toBe(true);
  });

  it('searches message bodies site-wide', async () => {
    const page = await getAdminMessages(admin, { search: `${tag}needle` });
    expect(page.total).toBe(tagged.length);
    expect(sorted(page.messages.map((m) => m.id))).toEqual(sorted(tagged));
  });

  it('answers every listed id that exists, beyond one page, and names the missing ones', async () => {
    const missing = [999_999_001, 999_999_002, 999_999_003];
    const result = await getAdminMessagesByIds(admin, [...missing, ...all]);
    expect(result.asked).toBe(28);
    expect(result.returned).toBe(25);
    expect(sorted(result.rows.map((m) => m.id))).toEqual(all);
    expect(sorted(result.missingIds)).toEqual(missing);
    expect(result.possiblyTruncated).toBe(false);
    expect(result.transport).toBe('json-body');
  });
});

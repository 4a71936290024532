import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeSubject,
  clearMessages,
  deleteThreadMessages,
  eraseThread,
  getThread,
  loadMoreMessages,
} from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, ids, uniqueTag } from './support/site';
import { send, threadTracker } from './support/threads';

const threads = threadTracker();
const subject = uniqueTag('contract threads ');
let threadId = 0;
const sent: number[] = [];
let startedAt = 0;

beforeAll(async () => {
  // Both sites share this machine's clock; a second of slack covers the plugin's rounding.
  startedAt = Date.now() - 1000;
  const created = await threads.create([ids.user2, ids.user3], subject);
  threadId = created.threadId;
  if (created.messageId !== undefined) sent.push(created.messageId);
  for (const n of [1, 2, 3]) sent.push(await send(admin, threadId, `${subject} message ${n}`));
});

afterAll(() => threads.eraseAll());

describe('threads', () => {
  it('createThread answers the new thread and its first message', () => {
    expect(threadId).toBeGreaterThan(0);
    expect(sent).toHaveLength(4);
  });

  it('getThread shows participants and messages with converted timestamps', async () => {
    const bundle = await getThread(admin, threadId);
    const thread = bundle.threads.find((t) => t.thread_id === threadId);
    expect(thread).toBeDefined();
    expect(thread?.subject).toBe(subject);
    expect(thread?.type).toBe('thread');
    expect([...(thread?.participants ?? [])].sort((a, b) => a - b)).toEqual(
      [ids.admin, ids.user2, ids.user3].sort((a, b) => a - b),
    );
    expect(thread?.participantsCount).toBe(3);
    expect(bundle.messages.map((m) => m.message_id).sort((a, b) => a - b)).toEqual(sent);
    for (const message of bundle.messages) {
      expect(message.thread_id).toBe(threadId);
      expect(message.sender_id).toBe(ids.admin);
      expect(message.created_at).toBeInstanceOf(Date);
      expect(message.created_at.getTime()).toBeGreaterThanOrEqual(startedAt);
      expect(message.created_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const userIds = bundle.users.map((u) => u.bmUserId);
    expect(userIds).toEqual(expect.arrayContaining([ids.admin, ids.user2, ids.user3]));
  });

  it('loadMoreMessages answers the oldest loaded message and everything older', async () => {
    const page = await loadMoreMessages(admin, threadId, { loadedMessageIds: sent.slice(-2) });
    expect(page.messages.map((m) => m.message_id).sort((a, b) => a - b)).toEqual(sent.slice(0, -1));
  });

  it('loadMoreMessages also fills the gaps between loaded ids', async () => {
    const [first, , , last] = sent as [number, number, number, number];
    const page = await loadMoreMessages(admin, threadId, { loadedMessageIds: [first, last] });
    expect(page.messages.map((m) => m.message_id).sort((a, b) => a - b)).toEqual(sent.slice(0, -1));
  });

  it('a missing thread is 403 rest_thread_not_exists, for admins too', async () => {
    await expectApiError(getThread(admin, 999_999_999), { status: 403, code: 'rest_thread_not_exists' });
  });

  it('a changed subject shows on the next read', async () => {
    const renamed = `${subject} renamed`;
    const bundle = await changeSubject(admin, threadId, renamed);
    expect(bundle.threads[0]?.subject).toBe(renamed);
    const reread = await getThread(admin, threadId);
    expect(reread.threads[0]?.subject).toBe(renamed);
  });

  it('a deleted message is gone from the thread', async () => {
    const target = sent[1] as number;
    const result = await deleteThreadMessages(admin, threadId, [target, 999_999_999]);
    // An admin's ids all come back as deleted, even one that never existed.
    expect(result).toEqual({ deletedIds: [target, 999_999_999], errors: [] });
    const reread = await getThread(admin, threadId);
    expect(reread.messages.map((m) => m.message_id)).not.toContain(target);
  });

  it('clearMessages loops until nothing is left', async () => {
    const { rounds } = await clearMessages(admin, threadId);
    expect(rounds).toBeGreaterThanOrEqual(1);
    const reread = await getThread(admin, threadId);
    expect(reread.messages).toEqual([]);
  });

  it("a message is stored through PHP's strip_tags and escaped once; a `<` with a space after it stays", async () => {
    const other = await threads.create([ids.user2], uniqueTag('contract filter '));
    const cases: [string, string][] = [
      ['Tom & "Jerry" it\'s', 'Tom &amp; &quot;Jerry&quot; it&#039;s'],
      ['a <b>bold</b> <span>s</span> <img src=x> c', 'a <b>bold</b> &lt;span&gt;s&lt;/span&gt;  c'],
      // strip_tags starts a tag at any `<` but one before an ASCII space, and an unclosed one runs to the end.
      ['1<2 and 3>2', '12'],
      ['a <\u200bb>x', 'a x'],
      ['love <3 you', 'love'],
      ['a < b>x< /b> 2 < 3<br>next', 'a &lt; b&gt;x&lt; /b&gt; 2 &lt; 3\nnext'],
    ];
    for (const [typed, stored] of cases) {
      const id = await send(admin, other.threadId, typed);
      const message = (await getThread(admin, other.threadId)).messages.find((m) => m.message_id === id);
      expect(message?.message, typed).toBe(stored);
    }
  });

  it('an erased thread is missing afterwards', async () => {
    await eraseThread(admin, threadId);
    threads.forget(threadId);
    await expectApiError(getThread(admin, threadId), { status: 403, code: 'rest_thread_not_exists' });
  });
});

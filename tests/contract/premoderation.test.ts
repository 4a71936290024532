import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToList,
  approveMessage,
  blacklistAndDeleteAllPending,
  getAdminMessages,
  getAdminMessagesByIds,
  getModerationList,
  getSettings,
  getThread,
  removeFromList,
  saveSettings,
  sendMessage,
} from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, ids, uniqueTag, user2, user3 } from './support/site';
import { threadTracker } from './support/threads';

const threads = threadTracker();
const tag = uniqueTag('contract premoderation ');
let threadId = 0;

async function sendAsUser2(text: string) {
  const result = await sendMessage(user2, threadId, { message: text });
  const own = result.update?.messages.find((m) => m.message_id === result.message_id);
  return { id: result.message_id, pending: own?.meta?.isPending === true, inUpdate: own !== undefined };
}

async function pendingIds() {
  return (await getAdminMessages(admin, { pending: true, threadId })).messages.map((m) => m.id);
}

beforeAll(async () => {
  threadId = (await threads.create([ids.user2, ids.user3], tag)).threadId;
});

afterAll(async () => {
  await removeFromList(admin, 'blacklist', { bmUserId: ids.user2, threadId }).catch(() => undefined);
  await removeFromList(admin, 'whitelist', { bmUserId: ids.user3, threadId }).catch(() => undefined);
  await threads.eraseAll();
});

describe('pre-moderation', () => {
  it('a member nobody listed sends straight through', async () => {
    const sent = await sendAsUser2(`${tag} free`);
    expect(sent.pending).toBe(false);
    expect(await pendingIds()).not.toContain(sent.id);
  });

  it('blacklists a member in one thread, visible in the thread list', async () => {
    const result = await addToList(admin, 'blacklist', { bmUserId: ids.user2, threadId });
    expect(result.success).toBe(true);
    const listed = await getModerationList(admin, 'blacklist', { threadId });
    const entry = listed.find((u) => u.bmUserId === ids.user2);
    expect(entry).toBeDefined();
    expect(entry?.expiration).toBeNull();
  });

  it("holds the blacklisted member's message as pending, hidden from other members", async () => {
    const sent = await sendAsUser2(`${tag} held`);
    expect(sent.inUpdate).toBe(true);
    expect(sent.pending).toBe(true);
    const page = await getAdminMessages(admin, { pending: true, threadId });
    expect(page.pending).toBeGreaterThanOrEqual(1);
    const row = page.messages.find((m) => m.id === sent.id);
    expect(row?.is_pending).toBe(true);
    expect(row?.sender_thread_blacklisted).toBe(true);
    const asUser3 = await getThread(user3, threadId);
    expect(asUser3.messages.map((m) => m.message_id)).not.toContain(sent.id);

    expect(await approveMessage(admin, sent.id)).toBe(true);
    expect(await pendingIds()).not.toContain(sent.id);
    const [approved] = (await getAdminMessagesByIds(admin, [sent.id])).rows;
    expect(approved?.is_pending ?? false).toBe(false);
    const afterApproval = await getThread(user3, threadId);
    expect(afterApproval.messages.map((m) => m.message_id)).toContain(sent.id);
  });

  it('blacklistAndDeleteAllPending deletes the held messages', async () => {
    const sent = await sendAsUser2(`${tag} to delete`);
    expect(sent.pending).toBe(true);
    const result = await blacklistAndDeleteAllPending(admin, { bmUserId: ids.user2, threadId });
    expect(result.deletedCount).toBeGreaterThanOrEqual(1);
    const byId = await getAdminMessagesByIds(admin, [sent.id]);
    expect(byId.missingIds).toEqual([sent.id]);
  });

  it('unblacklisting lets the member through again, and is idempotent', async () => {
    await removeFromList(admin, 'blacklist', { bmUserId: ids.user2, threadId });
    expect((await removeFromList(admin, 'blacklist', { bmUserId: ids.user2, threadId })).success).toBe(true);
    const listed = await getModerationList(admin, 'blacklist', { threadId });
    expect(listed.map((u) => u.bmUserId)).not.toContain(ids.user2);
    expect((await sendAsUser2(`${tag} free again`)).pending).toBe(false);
  });

  it('whitelists for a while and unwhitelists', async () => {
    await addToList(admin, 'whitelist', { bmUserId: ids.user3, threadId, durationMinutes: 60 });
    const entry = (await getModerationList(admin, 'whitelist', { threadId })).find(
      (u) => u.bmUserId === ids.user3,
    );
    expect(entry?.expiration).toBeInstanceOf(Date);
    const inAnHour = Date.now() + 60 * 60_000;
    expect(Math.abs((entry?.expiration?.getTime() ?? 0) - inAnHour)).toBeLessThan(5 * 60_000);
    await removeFromList(admin, 'whitelist', { bmUserId: ids.user3, threadId });
    const after = await getModerationList(admin, 'whitelist', { threadId });
    expect(after.map((u) => u.bmUserId)).not.toContain(ids.user3);
  });

  // What BM Desk relies on to keep support replies unheld (issue 21, defect 11).
  it('a global whitelist beats role pre-moderation; a blacklist in the thread outranks it', async () => {
    const before = (await getSettings(admin)).settings.messagesPremoderationRolesReplies ?? [];
    await saveSettings(admin, { messagesPremoderationRolesReplies: ['subscriber'] });
    try {
      expect((await sendAsUser2(`${tag} role held`)).pending).toBe(true);
      await addToList(admin, 'whitelist', { bmUserId: ids.user2 });
      expect((await sendAsUser2(`${tag} whitelisted`)).pending).toBe(false);
      await addToList(admin, 'blacklist', { bmUserId: ids.user2, threadId });
      expect((await sendAsUser2(`${tag} thread blacklist first`)).pending).toBe(true);
    } finally {
      await removeFromList(admin, 'blacklist', { bmUserId: ids.user2, threadId });
      await removeFromList(admin, 'whitelist', { bmUserId: ids.user2 });
      await saveSettings(admin, { messagesPremoderationRolesReplies: before as string[] });
    }
  });

  it('refuses to whitelist an administrator with 500 whitelist_failed', async () => {
    await expectApiError(addToList(admin, 'whitelist', { bmUserId: ids.admin, threadId }), {
      status: 500,
      code: 'whitelist_failed',
    });
  });
});

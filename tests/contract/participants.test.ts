import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addParticipants,
  banUser,
  getThread,
  muteUser,
  removeParticipant,
  sendMessage,
  setModerator,
  unbanUser,
  unmuteUser,
  type BmUpdateBundle,
} from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, ids, uniqueTag, user2 } from './support/site';
import { threadTracker } from './support/threads';

const threads = threadTracker();
let threadId = 0;

async function thread() {
  const bundle = await getThread(admin, threadId);
  const found = bundle.threads.find((t) => t.thread_id === threadId);
  if (!found) throw new Error(`thread ${threadId} missing from its own bundle`);
  return found;
}

function threadOf(bundle: BmUpdateBundle | false) {
  expect(bundle, 'the plugin answers the thread bundle, not false').not.toBe(false);
  return bundle === false ? undefined : bundle.threads.find((t) => t.thread_id === threadId);
}

beforeAll(async () => {
  threadId = (await threads.create([ids.user2, ids.user3], uniqueTag('contract participants '))).threadId;
});

afterAll(async () => {
  // A ban outlives the thread row on some sites; lift it before erasing.
  await unbanUser(admin, threadId, ids.user2).catch(() => undefined);
  await threads.eraseAll();
});

describe('participants', () => {
  it('is a `thread`-type group of three, without moderators until a member opens it', async () => {
    const t = await thread();
    expect(t.type).toBe('thread');
    expect(t.participantsCount).toBe(3);
    // The plugin names the first sender moderator lazily, when it first checks a non-admin.
    expect(t.moderators).toEqual([]);
    await getThread(user2, threadId);
    expect((await thread()).moderators).toEqual([ids.admin]);
  });

  it('adds a participant, refuses adding them twice, removes them', async () => {
    await addParticipants(admin, threadId, ids.user4);
    expect((await thread()).participants).toContain(ids.user4);
    await expectApiError(addParticipants(admin, threadId, ids.user4), {
      status: 403,
      code: 'rest_forbidden',
    });
    await removeParticipant(admin, threadId, ids.user4);
    expect((await thread()).participants).not.toContain(ids.user4);
  });

  it('makes and unmakes a moderator', async () => {
    await setModerator(admin, threadId, ids.user3, true);
    expect((await thread()).moderators).toContain(ids.user3);
    await setModerator(admin, threadId, ids.user3, false);
    expect((await thread()).moderators ?? []).not.toContain(ids.user3);
  });

  it('refuses to make a non-participant moderator', async () => {
    await expectApiError(setModerator(admin, threadId, ids.user4, true), {
      status: 403,
      code: 'rest_forbidden',
    });
  });

  it('bans a member: they leave the thread and can no longer open it', async () => {
    const banned = threadOf(await banUser(admin, threadId, ids.user2, 5));
    expect(banned?.participants).not.toContain(ids.user2);
    expect((await thread()).participants).not.toContain(ids.user2);
    await expectApiError(getThread(user2, threadId), { status: 403, code: 'rest_thread_forbidden' });
  });

  it('refuses the banned member a send with 403 rest_forbidden', async () => {
    await expectApiError(sendMessage(user2, threadId, { message: 'still here?' }), {
      status: 403,
      code: 'rest_forbidden',
    });
  });

  it('unbans without adding the member back; a second unban answers false', async () => {
    threadOf(await unbanUser(admin, threadId, ids.user2));
    expect((await thread()).participants).not.toContain(ids.user2);
    await expectApiError(getThread(user2, threadId), { status: 403, code: 'rest_thread_forbidden' });
    expect(await unbanUser(admin, threadId, ids.user2)).toBe(false);
  });

  it('mutes and unmutes a member; a second unmute answers false', async () => {
    expect(threadOf(await muteUser(admin, threadId, ids.user3, 5))?.participants).toContain(ids.user3);
    expect(threadOf(await unmuteUser(admin, threadId, ids.user3))?.participants).toContain(ids.user3);
    expect(await unmuteUser(admin, threadId, ids.user3)).toBe(false);
  });

  it('refuses to mute a non-participant', async () => {
    await expectApiError(muteUser(admin, threadId, ids.user4, 5), { status: 403, code: 'rest_forbidden' });
  });
});

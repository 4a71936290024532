import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getAdminUser,
  getGuests,
  getUsersByIds,
  searchSenders,
  searchUsers,
  searchUsersPage,
} from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { admin, ids, uniqueTag, user2 } from './support/site';
import { send, threadTracker } from './support/threads';

const threads = threadTracker();
let user2Name = '';

beforeAll(async () => {
  // user2 must have sent something to count as a sender.
  const { threadId } = await threads.create([ids.user2], uniqueTag('contract users '));
  await send(user2, threadId, 'a message so user2 is a sender');
  const [found] = await getUsersByIds(admin, [ids.user2]);
  user2Name = found?.name ?? '';
});

afterAll(() => threads.eraseAll());

describe('users', () => {
  it('getUsersByIds answers user items in the asked order, a missing id as "Deleted User"', async () => {
    const users = await getUsersByIds(admin, [ids.user2, ids.user3, 999_999_999]);
    expect(users.map((u) => u.bmUserId)).toEqual([ids.user2, ids.user3, 999_999_999]);
    expect(users[2]?.name).toBe('Deleted User');
    expect(users[0]?.name).toBe(user2Name);
    expect(user2Name).not.toBe('');
  });

  it('searchUsers finds by display name and by id; an empty search answers []', async () => {
    expect((await searchUsers(admin, user2Name)).map((u) => u.bmUserId)).toContain(ids.user2);
    expect((await searchUsers(admin, String(ids.user2))).map((u) => u.bmUserId)).toContain(ids.user2);
    expect(await searchUsers(admin, '')).toEqual([]);
  });

  it('searchUsersPage pages with hasMore', async () => {
    const first = await searchUsersPage(admin, { perPage: 2 });
    expect(first.page).toBe(1);
    expect(first.items).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const second = await searchUsersPage(admin, { perPage: 2, page: 2 });
    expect(second.page).toBe(2);
    const overlap = second.items.filter((u) => first.items.some((f) => f.bmUserId === u.bmUserId));
    expect(overlap).toEqual([]);
    const found = await searchUsersPage(admin, { search: user2Name, perPage: 5 });
    expect(found.items.map((u) => u.bmUserId)).toContain(ids.user2);
  });

  it('getAdminUser adds counts, moderation status and isAdmin', async () => {
    const member = await getAdminUser(admin, ids.user2);
    expect(member.bmUserId).toBe(ids.user2);
    expect(member.messagesCount).toBeGreaterThanOrEqual(1);
    expect(member.conversationsCount).toBeGreaterThanOrEqual(1);
    expect(member.moderationStatus).toBeNull();
    expect(member.isAdmin).toBe(false);
    expect((await getAdminUser(admin, ids.admin)).isAdmin).toBe(true);
    await expectApiError(getAdminUser(admin, 0), { status: 400, code: 'invalid_user' });
  });

  it('searchSenders finds members who have sent messages', async () => {
    expect((await searchSenders(admin, String(ids.user2))).map((u) => u.bmUserId)).toContain(ids.user2);
    expect(await searchSenders(admin, '')).toEqual([]);
  });

  it('lists guests with paging (possibly none)', async () => {
    const page = await getGuests(admin);
    expect(page).toMatchObject({ page: 1, perPage: 20 });
    expect(page.users.length).toBeLessThanOrEqual(20);
    expect(page.total).toBeGreaterThanOrEqual(page.users.length);
    for (const guest of page.users) {
      expect(guest.guestId).toBeGreaterThan(0);
      expect(guest.bmUserId).toBe(-guest.guestId);
    }
  });
});

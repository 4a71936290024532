/** Site-wide user lookups of the admin routes (WordPress users and guests alike). */
import { z } from 'zod';
import { BM } from './base-url';
import type { BmClient } from './http';
import { adminUserSchema, searchUsersPageSchema, type BmAdminUser } from './schemas-admin';
import { userSchema, type BmUser } from './schemas-common';

/** Quick search (≤10 results; `[]` for an empty search). Matches id, names and email. */
export function searchUsers(client: BmClient, search: string): Promise<BmUser[]> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/searchUsers`,
    query: { search },
    schema: z.array(userSchema),
  });
}

export interface SearchUsersPage {
  items: BmUser[];
  page: number;
  hasMore: boolean;
}

/** Paged variant: sending `page`/`per_page` switches the plugin to `{items, page, hasMore}`. */
export async function searchUsersPage(
  client: BmClient,
  options: { search?: string; page?: number; perPage?: number; excludeGuests?: boolean } = {},
): Promise<SearchUsersPage> {
  const result = await client.request({
    method: 'GET',
    route: `${BM}/admin/searchUsers`,
    query: {
      search: options.search || undefined,
      page: options.page ?? 1,
      per_page: Math.min(Math.max(options.perPage ?? 20, 1), 100),
      exclude_guests: options.excludeGuests ? 1 : undefined,
    },
    schema: searchUsersPageSchema,
  });
  return { items: result.items, page: result.page, hasMore: result.hasMore };
}

/** A user with message/conversation counts and pre-moderation status (400 `invalid_user` for 0). */
export function getAdminUser(client: BmClient, bmUserId: number): Promise<BmAdminUser> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/getUser`,
    query: { userId: bmUserId },
    schema: adminUserSchema,
  });
}

export function getUsersByIds(client: BmClient, bmUserIds: readonly number[]): Promise<BmUser[]> {
  if (bmUserIds.length === 0) return Promise.resolve([]);
  return client.request({
    method: 'GET',
    route: `${BM}/admin/getUsersByIds`,
    query: { ids: bmUserIds },
    schema: z.array(userSchema),
  });
}

/** Users who have sent at least one message (≤10). */
export function searchSenders(client: BmClient, search: string): Promise<BmUser[]> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/searchSenders`,
    query: { search },
    schema: z.array(userSchema),
  });
}

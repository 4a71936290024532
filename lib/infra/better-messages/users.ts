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

const wpIdsSchema = z.array(z.looseObject({ id: z.number() }));

/**
 * WordPress users with any of these roles (their WordPress ids, which are the plugin's ids for
 * members), read 100 a page through the core users route, up to `maxPages` pages.
 */
export async function wpUserIdsWithRoles(
  client: BmClient,
  roles: readonly string[],
  maxPages = 10,
): Promise<Set<number>> {
  const ids = new Set<number>();
  for (let page = 1; page <= maxPages; page++) {
    const rows = await client.request({
      method: 'GET',
      route: '/wp/v2/users',
      query: { roles: roles.join(','), per_page: 100, page, _fields: 'id' },
      schema: wpIdsSchema,
    });
    for (const r of rows) ids.add(r.id);
    if (rows.length < 100) break;
  }
  return ids;
}

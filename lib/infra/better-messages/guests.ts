/**
 * Guest accounts. The admin guest routes speak positive guest ids; threads, messages and every
 * other route speak negative bmUserIds. Convert only through the helpers of guest-ids.ts.
 */
import { z } from 'zod';
import { BM } from './base-url';
import type { BmClient } from './http';
import { guestSchema, guestsPageSchema, type BmGuest, type BmGuestsPage } from './schemas-admin';

export { bmUserIdToGuestId, guestIdToBmUserId } from './guest-ids';

/** All guests, 20 a page; search matches name, email and IP. AI bots are left out by the plugin. */
export function getGuests(
  client: BmClient,
  options: { page?: number; search?: string } = {},
): Promise<BmGuestsPage> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/getGuests`,
    query: { page: options.page, search: options.search || undefined },
    schema: guestsPageSchema(client.siteUtcOffsetMinutes),
  });
}

/** 404 `guest_not_found` for an unknown or deleted guest. */
export function getGuest(client: BmClient, guestId: number): Promise<BmGuest> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/getGuest`,
    query: { guestId: Math.abs(guestId) },
    schema: guestSchema(client.siteUtcOffsetMinutes),
  });
}

/**
 * Deletes guest accounts (soft delete + removal from chat rooms). The plugin returns nothing
 * either way and ignores WordPress users.
 */
export async function deleteGuests(client: BmClient, guestIds: readonly number[]): Promise<void> {
  if (guestIds.length === 0) return;
  await client.request({
    method: 'POST',
    route: `${BM}/admin/deleteAccount`,
    body: { userIds: guestIds.map((id) => Math.abs(id)) },
    schema: z.unknown(),
  });
}

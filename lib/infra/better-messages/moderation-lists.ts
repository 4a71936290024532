/**
 * Pre-moderation white/blacklists: whitelisted senders bypass pre-moderation, blacklisted ones
 * are always held. Global when `threadId` is omitted. Durations are in minutes; omitted = permanent.
 */
import { BM } from './base-url';
import type { BmClient } from './http';
import {
  moderationActionSchema,
  moderationListSchema,
  type BmModerationActionResult,
  type BmModerationListEntry,
} from './schemas-admin';

export type ModerationList = 'whitelist' | 'blacklist';

export interface ListTarget {
  /** Negative for guests. */
  bmUserId: number;
  threadId?: number;
  durationMinutes?: number;
}

function body(target: ListTarget) {
  return { userId: target.bmUserId, threadId: target.threadId, duration: target.durationMinutes };
}

function action(client: BmClient, path: string, payload: object): Promise<BmModerationActionResult> {
  return client.request({
    method: 'POST',
    route: `${BM}/admin/${path}`,
    body: payload,
    schema: moderationActionSchema,
  });
}

/** Admins cannot be listed: the plugin answers 500 `whitelist_failed` / `blacklist_failed`. */
export function addToList(client: BmClient, list: ModerationList, target: ListTarget) {
  return action(client, list === 'whitelist' ? 'whitelistUser' : 'blacklistUser', body(target));
}

export function removeFromList(
  client: BmClient,
  list: ModerationList,
  target: Pick<ListTarget, 'bmUserId' | 'threadId'>,
) {
  const path = list === 'whitelist' ? 'unwhitelistUser' : 'unblacklistUser';
  return action(client, path, { userId: target.bmUserId, threadId: target.threadId });
}

/** Whitelists and approves every pending message of the user (`approvedCount`). */
export function whitelistAndApproveAll(client: BmClient, target: ListTarget) {
  return action(client, 'whitelistUserAndApproveAllMessages', body(target));
}

/** Deletes every pending message of the user (`deletedCount`), then blacklists. */
export function blacklistAndDeleteAllPending(client: BmClient, target: ListTarget) {
  return action(client, 'blacklistUserAndDeleteAllPendingMessages', body(target));
}

export async function getModerationList(
  client: BmClient,
  list: ModerationList,
  options: { threadId?: number } = {},
): Promise<BmModerationListEntry[]> {
  const path = list === 'whitelist' ? 'getWhitelistedUsers' : 'getBlacklistedUsers';
  const result = await client.request({
    method: 'GET',
    route: `${BM}/admin/${path}`,
    query: { threadId: options.threadId },
    schema: moderationListSchema,
  });
  return result.users;
}

/**
 * Participants of a thread and per-thread restrictions. Mute and ban durations are MINUTES
 * (the plugin multiplies by 60; its docs say seconds) with a minimum of 1; there is no
 * "permanent" value, so "until lifted" uses BAN_UNTIL_LIFTED_MINUTES.
 */
import { z } from 'zod';
import { BM } from './base-url';
import type { BmClient } from './http';
import { updateBundleSchema, type BmUpdateBundle } from './schemas-thread';

import { BAN_UNTIL_LIFTED_MINUTES, MIN_RESTRICTION_MINUTES } from './limits';

export { BAN_UNTIL_LIFTED_MINUTES };

const route = (threadId: number, action: string) => `${BM}/thread/${threadId}/${action}`;

function post<S extends z.ZodType>(
  client: BmClient,
  threadId: number,
  action: string,
  body: object,
  schema: S,
) {
  return client.request({ method: 'POST', route: route(threadId, action), body, schema });
}

function minutes(durationMinutes: number): number {
  if (!Number.isFinite(durationMinutes)) throw new RangeError('Duration must be a number of minutes');
  return Math.min(Math.max(Math.round(durationMinutes), MIN_RESTRICTION_MINUTES), BAN_UNTIL_LIFTED_MINUTES);
}

/** Adds one or many users. 403 `rest_forbidden` when not allowed or everyone is already in. */
export async function addParticipants(
  client: BmClient,
  threadId: number,
  bmUserIds: number | readonly number[],
): Promise<void> {
  await post(client, threadId, 'addParticipant', { user_id: bmUserIds }, z.unknown());
}

export async function removeParticipant(client: BmClient, threadId: number, bmUserId: number): Promise<void> {
  await post(client, threadId, 'removeParticipant', { user_id: bmUserId }, z.unknown());
}

/** Chat rooms need `manage_options`; the user must already be a participant. */
export async function setModerator(
  client: BmClient,
  threadId: number,
  bmUserId: number,
  isModerator: boolean,
): Promise<void> {
  const action = isModerator ? 'makeModerator' : 'unmakeModerator';
  await post(client, threadId, action, { user_id: bmUserId }, z.unknown());
}

/** The plugin answers the thread bundle, or `false` when nothing changed. */
const restrictionResult = z.union([updateBundleSchema, z.literal(false)]);

export function muteUser(client: BmClient, threadId: number, bmUserId: number, durationMinutes: number) {
  return post(
    client,
    threadId,
    'muteUser',
    { user_id: bmUserId, duration: minutes(durationMinutes) },
    restrictionResult,
  );
}

export function unmuteUser(client: BmClient, threadId: number, bmUserId: number) {
  return post(client, threadId, 'unmuteUser', { user_id: bmUserId }, restrictionResult);
}

/** Also removes the user from the thread and blocks re-joining while the ban lasts. */
export function banUser(
  client: BmClient,
  threadId: number,
  bmUserId: number,
  durationMinutes: number = BAN_UNTIL_LIFTED_MINUTES,
): Promise<BmUpdateBundle | false> {
  return post(
    client,
    threadId,
    'banUser',
    { user_id: bmUserId, duration: minutes(durationMinutes) },
    restrictionResult,
  );
}

/** Lifts the ban; does not add the user back. */
export function unbanUser(client: BmClient, threadId: number, bmUserId: number) {
  return post(client, threadId, 'unbanUser', { user_id: bmUserId }, restrictionResult);
}

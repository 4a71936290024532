/**
 * One thread at a time. Admins (`bm_can_administrate`) can open any thread by id; there is no
 * site-wide thread list in the API.
 */
import { z } from 'zod';
import { BM } from './base-url';
import { BmError } from './errors';
import type { BmClient } from './http';
import { countSchema, idSchema } from './schemas-common';
import {
  messagesPageSchema,
  newThreadResultSchema,
  sendResultSchema,
  threadDeleteResultSchema,
  updateBundleSchema,
  type BmMessagesPage,
  type BmSendResult,
  type BmUpdateBundle,
} from './schemas-thread';
import { plural } from '@/lib/infra/format/plural';

const threadRoute = (threadId: number, action = '') => `${BM}/thread/${threadId}${action}`;

/**
 * Thread item + up to 80 latest messages. A POST that only reads (it marks the thread read for
 * a participant, which is harmless to repeat). Missing thread: 403 `rest_thread_not_exists`.
 */
export function getThread(
  client: BmClient,
  threadId: number,
  options: { knownMessageIds?: readonly number[] } = {},
): Promise<BmUpdateBundle> {
  return client.request({
    method: 'POST',
    route: threadRoute(threadId),
    body: { messages: options.knownMessageIds ?? [] },
    schema: updateBundleSchema,
    read: true,
  });
}

/**
 * Up to 80 messages with an id at or below the oldest of `loadedMessageIds` (that one included),
 * plus any missing from the gaps between loaded ids; or, with `untilMessageId`, all from it to now.
 * Nothing loaded → nothing answered (checked on the real plugin 2.15.28).
 */
export function loadMoreMessages(
  client: BmClient,
  threadId: number,
  options: { loadedMessageIds: readonly number[]; untilMessageId?: number },
): Promise<BmMessagesPage> {
  return client.request({
    method: 'POST',
    route: threadRoute(threadId, '/loadMore'),
    body: {
      loaded: options.loadedMessageIds,
      ...(options.untilMessageId !== undefined ? { to: options.untilMessageId, mode: 'until' } : {}),
    },
    schema: messagesPageSchema,
    read: true,
  });
}

export interface NewThreadInput {
  recipientBmUserIds: readonly number[];
  subject?: string;
  /** HTML allowed; the plugin filters it. */
  message: string;
  fileIds?: readonly number[];
}

/** Refusals (friends-only, rate limit, bad words…) come back as BmRefusal. */
export async function createThread(
  client: BmClient,
  input: NewThreadInput,
): Promise<{ threadId: number; messageId: number | undefined }> {
  const result = await client.request({
    method: 'POST',
    route: `${BM}/thread/new`,
    body: {
      recipients: input.recipientBmUserIds,
      subject: input.subject ?? '',
      message: input.message,
      files: input.fileIds ?? [],
    },
    schema: newThreadResultSchema,
  });
  return { threadId: result.thread_id, messageId: result.message_id };
}

/**
 * Sends as the client's own user, who must be a participant (admin rights do not help here).
 * A pre-moderated message succeeds with `meta.isPending` in `update`.
 */
export function sendMessage(
  client: BmClient,
  threadId: number,
  input: { message: string; fileIds?: readonly number[] },
): Promise<BmSendResult> {
  return client.request({
    method: 'POST',
    route: threadRoute(threadId, '/send'),
    body: { message: input.message, files: input.fileIds ?? [] },
    schema: sendResultSchema,
  });
}

export function changeSubject(client: BmClient, threadId: number, subject: string): Promise<BmUpdateBundle> {
  return client.request({
    method: 'POST',
    route: threadRoute(threadId, '/changeSubject'),
    body: { subject },
    schema: updateBundleSchema,
  });
}

export interface ClearProgress {
  round: number;
  remaining: number;
}

/** The plugin deletes 50 messages per call; stop if a round makes no progress this many times. */
const CLEAR_STALL_LIMIT = 3;

/** One call: the plugin hard-deletes up to 50 messages and answers how many are left. */
export function clearMessagesRound(client: BmClient, threadId: number): Promise<number> {
  return client.request({
    method: 'POST',
    route: threadRoute(threadId, '/clearMessages'),
    schema: countSchema,
  });
}

/** Hard-deletes every message of the thread, calling until the site reports 0 left. */
export async function clearMessages(
  client: BmClient,
  threadId: number,
  onProgress?: (progress: ClearProgress) => void,
): Promise<{ rounds: number }> {
  let previous = Number.POSITIVE_INFINITY;
  let stalled = 0;
  for (let round = 1; ; round++) {
    const remaining = await clearMessagesRound(client, threadId);
    onProgress?.({ round, remaining });
    if (remaining <= 0) return { rounds: round };
    stalled = remaining >= previous ? stalled + 1 : 0;
    if (stalled >= CLEAR_STALL_LIMIT) {
      throw new BmError(
        'bad-response',
        `Clearing thread ${threadId} stopped making progress with ${plural(remaining, 'message')} left.`,
        { route: threadRoute(threadId, '/clearMessages'), status: 200 },
      );
    }
    previous = remaining;
  }
}

/** Deletes the thread, its messages, meta and participants for good. */
export async function eraseThread(client: BmClient, threadId: number): Promise<void> {
  await client.request({ method: 'POST', route: threadRoute(threadId, '/erase'), schema: z.unknown() });
}

/**
 * Deletes messages inside one thread, honouring the site's `deleteMethod` (hard delete, or
 * replace with a "deleted" placeholder). Per-message refusals are listed in `errors`.
 */
export async function deleteThreadMessages(
  client: BmClient,
  threadId: number,
  messageIds: readonly number[],
): Promise<{ deletedIds: number[]; errors: string[] }> {
  const result = await client.request({
    method: 'POST',
    route: threadRoute(threadId, '/deleteMessages'),
    body: { messageIds },
    schema: threadDeleteResultSchema,
  });
  const errors = result.errors === undefined ? [] : Object.values(result.errors).map(String);
  const deletedIds = result.deleted ?? result.messages?.map((m) => m.message_id) ?? [];
  return { deletedIds: z.array(idSchema).parse(deletedIds), errors };
}

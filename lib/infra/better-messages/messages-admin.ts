/**
 * The admin Messages Viewer (`/admin/getMessages`): the only site-wide message feed, plus the
 * actions taken from it (approve, reject/delete, dismiss reports and AI flags).
 */
import { z } from 'zod';
import { BM } from './base-url';
import { BmApiError } from './errors';
import type { BmClient } from './http';
import { adminMessagesPageSchema, type BmAdminMessage, type BmAdminMessagesPage } from './schemas-admin';
import { countSchema } from './schemas-common';

export interface AdminMessagesFilter {
  /** 1-based; the plugin serves a fixed 20 rows a page. */
  page?: number;
  senderBmUserId?: number;
  threadId?: number;
  /** LIKE on the raw message body: slow on big sites (API doc §6). */
  search?: string;
  reported?: boolean;
  pending?: boolean;
}

export function getAdminMessages(
  client: BmClient,
  filter: AdminMessagesFilter = {},
): Promise<BmAdminMessagesPage> {
  return client.request({
    method: 'GET',
    route: `${BM}/admin/getMessages`,
    query: {
      page: filter.page,
      sender_id: filter.senderBmUserId,
      thread_id: filter.threadId,
      search: filter.search || undefined,
      reported: filter.reported ? 1 : undefined,
      pending: filter.pending ? 1 : undefined,
    },
    schema: adminMessagesPageSchema(client.siteUtcOffsetMinutes),
  });
}

/**
 * In a query string, `message_ids[]` meets URL length limits (Apache/nginx ~8 KB) and PHP's
 * `max_input_vars` (1000 by default, lower on some hosts), which silently cuts the list. So we
 * send the ids in a JSON body (POST + `X-HTTP-Method-Override: GET`, checked on the real
 * plugin with 2,000 ids) and fall back to query-string batches of this size where a proxy
 * strips the header.
 */
const MESSAGE_IDS_QUERY_BATCH = 250;

export interface AdminMessagesByIds {
  rows: BmAdminMessage[];
  asked: number;
  returned: number;
  /** Asked ids that did not come back: deleted messages, or a cut list (see `possiblyTruncated`). */
  missingIds: number[];
  /** A query-string batch came back short while large enough for PHP to have cut it. */
  possiblyTruncated: boolean;
  transport: 'json-body' | 'query';
  /** The site's open-report and pending counts, which come with every answer (null when no id was asked). */
  siteCounts: { reported: number; pending: number } | null;
}

/**
 * Every getMessages call counts the whole messages table first (~1 s at a million rows on the
 * real plugin), even with `message_ids`, whose answer does not need the count. A sender filter
 * turns that count into an index lookup and, with `message_ids`, leaves the rows alone: the id
 * query ignores the other filters (admin.php in 2.15.28; 500 ids 2.4 s → 1.35 s there). Nobody
 * sends as this id, so the count is 0.
 */
export const COUNT_NARROWING_SENDER = 2_147_483_647;

function byIdsRequest(
  client: BmClient,
  ids: readonly number[],
  transport: AdminMessagesByIds['transport'],
  narrow: boolean,
) {
  const schema = adminMessagesPageSchema(client.siteUtcOffsetMinutes);
  const route = `${BM}/admin/getMessages`;
  const sender_id = narrow ? COUNT_NARROWING_SENDER : undefined;
  return transport === 'json-body'
    ? client.request({
        method: 'GET',
        route,
        query: { sender_id },
        body: { message_ids: ids },
        getWithBody: true,
        schema,
      })
    : client.request({ method: 'GET', route, query: { message_ids: ids, sender_id }, schema });
}

/**
 * Sites where narrowing the count took rows away (a plugin that applies the sender filter to
 * the ids too), learnt from their answers and forgotten after an hour, in case of an update.
 */
const narrowingFails = new Map<string, number>();
const NARROWING_FAIL_TTL_MS = 60 * 60_000;

/**
 * The rows for `ids`, the count narrowed. An empty narrowed answer is asked again plainly before
 * any id is called deleted (unless `trustEmpty`: a probe for new ids, where empty removes nothing).
 */
async function rowsForIds(
  client: BmClient,
  ids: readonly number[],
  transport: AdminMessagesByIds['transport'],
  trustEmpty: boolean,
): Promise<BmAdminMessagesPage> {
  const failedAt = narrowingFails.get(client.origin);
  if (failedAt !== undefined && Date.now() - failedAt < NARROWING_FAIL_TTL_MS) {
    return byIdsRequest(client, ids, transport, false);
  }
  const narrowed = await byIdsRequest(client, ids, transport, true);
  if (narrowed.messages.length > 0 || trustEmpty) return narrowed;
  const plain = await byIdsRequest(client, ids, transport, false);
  if (plain.messages.length > 0) narrowingFails.set(client.origin, Date.now());
  return plain;
}

/** Every existing message among the ids (no page limit on this filter; the plugin ignores other filters with it). */
export async function getAdminMessagesByIds(
  client: BmClient,
  messageIds: readonly number[],
  options: { trustEmpty?: boolean } = {},
): Promise<AdminMessagesByIds> {
  const trustEmpty = options.trustEmpty ?? false;
  const ids = [...new Set(messageIds)];
  let transport: AdminMessagesByIds['transport'] = 'json-body';
  let rows: BmAdminMessage[] = [];
  let possiblyTruncated = false;
  let siteCounts: AdminMessagesByIds['siteCounts'] = null;
  if (ids.length > 0) {
    try {
      const answer = await rowsForIds(client, ids, transport, trustEmpty);
      rows = answer.messages;
      siteCounts = { reported: answer.reported, pending: answer.pending };
    } catch (error) {
      // Header stripped on the way: WordPress saw a POST, and this route has no POST.
      if (!(error instanceof BmApiError && error.code === 'rest_no_route')) throw error;
      transport = 'query';
      for (let i = 0; i < ids.length; i += MESSAGE_IDS_QUERY_BATCH) {
        const batch = ids.slice(i, i + MESSAGE_IDS_QUERY_BATCH);
        const answer = await rowsForIds(client, batch, transport, trustEmpty);
        const got = answer.messages;
        siteCounts = { reported: answer.reported, pending: answer.pending };
        if (got.length < batch.length && batch.length >= MESSAGE_IDS_QUERY_BATCH) possiblyTruncated = true;
        rows = rows.concat(got);
      }
    }
  }
  const found = new Set(rows.map((m) => m.id));
  const missingIds = ids.filter((id) => !found.has(id));
  return {
    rows,
    asked: ids.length,
    returned: rows.length,
    missingIds,
    possiblyTruncated,
    transport,
    siteCounts,
  };
}

/** Approves a pending message; the plugin re-stamps its time to now and notifies recipients. */
export function approveMessage(client: BmClient, messageId: number): Promise<boolean> {
  return client.request({
    method: 'POST',
    route: `${BM}/admin/approveMessage`,
    body: { messageId },
    schema: z.union([z.boolean(), countSchema.transform(Boolean)]),
  });
}

/** Hard-deletes messages in any thread (also how a pending message is rejected). */
export function deleteMessagesSiteWide(client: BmClient, messageIds: readonly number[]): Promise<boolean> {
  return client.request({
    method: 'POST',
    route: `${BM}/admin/deleteMessages`,
    body: { messageIds },
    schema: z.boolean(),
  });
}

/** Dismisses one reporter's report on a message (`allowReports` must be on). */
export async function dismissReport(
  client: BmClient,
  input: { messageId: number; reporterBmUserId: number },
): Promise<void> {
  await client.request({
    method: 'POST',
    route: `${BM}/reports/deleteReport`,
    body: { messageId: input.messageId, userId: input.reporterBmUserId },
    schema: z.string(),
  });
}

/** Clears the AI moderation flag; answers the site's new reported count. */
export async function dismissAiFlag(client: BmClient, messageId: number): Promise<{ reported: number }> {
  const result = await client.request({
    method: 'POST',
    route: `${BM}/admin/dismissAiFlag`,
    body: { messageId },
    schema: z.looseObject({ success: z.literal(true), reported: countSchema }),
  });
  return { reported: result.reported };
}

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
export const MESSAGE_IDS_QUERY_BATCH = 250;

export interface AdminMessagesByIds {
  rows: BmAdminMessage[];
  asked: number;
  returned: number;
  /** Asked ids that did not come back: deleted messages, or a cut list (see `possiblyTruncated`). */
  missingIds: number[];
  /** A query-string batch came back short while large enough for PHP to have cut it. */
  possiblyTruncated: boolean;
  transport: 'json-body' | 'query';
}

function byIdsRequest(client: BmClient, ids: readonly number[], transport: AdminMessagesByIds['transport']) {
  const schema = adminMessagesPageSchema(client.siteUtcOffsetMinutes);
  const route = `${BM}/admin/getMessages`;
  return transport === 'json-body'
    ? client.request({ method: 'GET', route, body: { message_ids: ids }, getWithBody: true, schema })
    : client.request({ method: 'GET', route, query: { message_ids: ids }, schema });
}

/** Every existing message among the ids (no page limit on this filter; the plugin ignores other filters with it). */
export async function getAdminMessagesByIds(
  client: BmClient,
  messageIds: readonly number[],
): Promise<AdminMessagesByIds> {
  const ids = [...new Set(messageIds)];
  let transport: AdminMessagesByIds['transport'] = 'json-body';
  let rows: BmAdminMessage[] = [];
  let possiblyTruncated = false;
  if (ids.length > 0) {
    try {
      rows = (await byIdsRequest(client, ids, transport)).messages;
    } catch (error) {
      // Header stripped on the way: WordPress saw a POST, and this route has no POST.
      if (!(error instanceof BmApiError && error.code === 'rest_no_route')) throw error;
      transport = 'query';
      for (let i = 0; i < ids.length; i += MESSAGE_IDS_QUERY_BATCH) {
        const batch = ids.slice(i, i + MESSAGE_IDS_QUERY_BATCH);
        const got = (await byIdsRequest(client, batch, transport)).messages;
        if (got.length < batch.length && batch.length >= MESSAGE_IDS_QUERY_BATCH) possiblyTruncated = true;
        rows = rows.concat(got);
      }
    }
  }
  const found = new Set(rows.map((m) => m.id));
  const missingIds = ids.filter((id) => !found.has(id));
  return { rows, asked: ids.length, returned: rows.length, missingIds, possiblyTruncated, transport };
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

/**
 * Reporting as a member (tests and demo flows act as members). Routes exist only while
 * `allowReports` is on; errors are 400 (`already_reported`, `cannot_report_own_message`…), 404
 * `message_not_found`, not the 403 the docs list.
 */
import { z } from 'zod';
import { BM } from './base-url';
import type { BmClient } from './http';

export type ReportCategory = 'inappropriate' | 'spam' | 'harassment' | 'offensive' | 'other' | (string & {});

export async function reportMessage(
  client: BmClient,
  input: { messageId: number; threadId: number; category: ReportCategory; description?: string },
): Promise<void> {
  await client.request({
    method: 'POST',
    route: `${BM}/reports/reportMessage`,
    body: {
      message_id: input.messageId,
      thread_id: input.threadId,
      category: input.category,
      description: input.description ?? '',
    },
    schema: z.string(),
  });
}

/** Category key → label. 400 `already_reported` when the caller already reported the message. */
export function getReportReasons(
  client: BmClient,
  input: { messageId: number; threadId: number },
): Promise<Record<string, string>> {
  return client.request({
    method: 'GET',
    route: `${BM}/reports/getReasons`,
    query: { message_id: input.messageId, thread_id: input.threadId },
    schema: z.record(z.string(), z.string()),
  });
}

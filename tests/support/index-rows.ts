/**
 * A message as the sync stores it, for tests that build a site's index by hand: plain text,
 * nothing reported, pending, flagged or attached unless the fields say so.
 */
import type { MessageRow } from '@/lib/services/site-index/convert';

export function messageRow(
  m: Pick<MessageRow, 'id' | 'threadId' | 'senderId' | 'createdAt'> & Partial<MessageRow>,
): MessageRow {
  const text = m.text ?? `m${m.id}`;
  return {
    receiverId: null,
    html: `<p>${text}</p>`,
    pending: false,
    reports: [],
    reportCount: 0,
    aiFlagged: false,
    attachments: [],
    attachmentCount: 0,
    ...m,
    text,
  };
}

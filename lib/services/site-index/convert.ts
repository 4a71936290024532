/** Admin Messages Viewer rows → index rows. Pure: no database, no network. */
import type { BmAdminMessage, BmUser } from '@/lib/infra/better-messages';
import { htmlToPlainText, sanitizeMessageHtml, withoutNul } from '@/lib/infra/content/sanitize';
import type { IndexedFile, IndexedReport } from './schema';

export interface MessageRow {
  id: number;
  threadId: number;
  senderId: number;
  receiverId: number | null;
  createdAt: Date;
  html: string;
  text: string;
  pending: boolean;
  reports: IndexedReport[];
  reportCount: number;
  aiFlagged: boolean;
  attachments: IndexedFile[];
  attachmentCount: number;
}

export interface UserRow {
  id: number;
  name: string;
  avatar: string | null;
  isGuest: boolean;
}

/**
 * The viewer appends a message's files as a trailing `<div>…<ul><li><a href=URL>URL</a></li></ul></div>`
 * (the lead-in text is translated, so we match the structure, not the words). Voice messages
 * use the same list.
 */
const FILE_BLOCK =
  /<div>[^<]*<ul>((?:<li><a target="_blank" href="[^"]*">[^<]*<\/a><\/li>)+)<\/ul><\/div>\s*$/;
const FILE_LINK = /href="([^"]*)"/g;

export function splitFiles(html: string): { body: string; urls: string[] } {
  const match = FILE_BLOCK.exec(html);
  if (!match) return { body: html, urls: [] };
  const urls = [...match[1]!.matchAll(FILE_LINK)].map((m) => withoutNul(m[1]!));
  return { body: html.slice(0, match.index), urls };
}

function timeOf(row: BmAdminMessage): Date {
  return row.time.date ?? new Date(0);
}

export function toMessageRow(row: BmAdminMessage): MessageRow {
  const { body, urls } = splitFiles(row.message);
  const html = sanitizeMessageHtml(body);
  const reports: IndexedReport[] = (row.reports ?? []).map((r) => ({
    reporterBmUserId: r.reporterBmUserId,
    reporterName: r.user ? withoutNul(r.user.name) : null,
    category: withoutNul(r.category),
    description: withoutNul(r.description),
    time: r.time?.date?.toISOString() ?? null,
  }));
  return {
    id: row.id,
    threadId: row.thread_id,
    senderId: row.sender.bmUserId,
    receiverId: row.receiver?.bmUserId ?? null,
    createdAt: timeOf(row),
    html,
    text: htmlToPlainText(body),
    pending: row.is_pending === true,
    reports,
    reportCount: reports.length,
    aiFlagged: row.ai_moderation_flagged === true,
    attachments: urls.map((url) => ({ url })),
    attachmentCount: urls.length,
  };
}

function toUserRow(user: BmUser): UserRow {
  return {
    id: user.bmUserId,
    name: withoutNul(user.name),
    avatar: user.avatar ? withoutNul(user.avatar) : null,
    isGuest: user.bmUserId < 0,
  };
}

/** Every person a batch mentions (senders, receivers, reporters), once each. */
export function usersOf(rows: readonly BmAdminMessage[]): UserRow[] {
  const byId = new Map<number, UserRow>();
  for (const row of rows) {
    for (const user of [row.sender, row.receiver, ...(row.reports ?? []).map((r) => r.user)]) {
      if (user && user.bmUserId !== 0) byId.set(user.bmUserId, toUserRow(user));
    }
  }
  return [...byId.values()];
}

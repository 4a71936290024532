/** Messages across a site: the viewer's feed, with the filters the plugin cannot combine. */
import 'server-only';
import { and, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexMessages as m, indexUsers as u } from '../schema';
import { ordering, pageResult, paging, prefixTsQuery, type PageRequest, type PageResult } from './common';

export interface MessageFilter {
  siteId: number;
  threadId?: number;
  senderId?: number;
  /** Sender or 1:1 receiver. */
  participant?: number;
  pending?: boolean;
  /** User reports or an AI flag. */
  reported?: boolean;
  hasAttachments?: boolean;
  from?: Date;
  to?: Date;
  text?: string;
}

export const MESSAGE_SORTS = {
  createdAt: m.createdAt,
  id: m.id,
  threadId: m.threadId,
  senderId: m.senderId,
  reportCount: m.reportCount,
  attachmentCount: m.attachmentCount,
};
export type MessageSort = keyof typeof MESSAGE_SORTS;

const flag = (wanted: boolean | undefined, condition: SQL) =>
  wanted === undefined ? undefined : wanted ? condition : sql`NOT (${condition})`;

/** The one WHERE of the message list, used by the rows and by the count. */
export function messagesWhere(f: MessageFilter): SQL {
  const query = prefixTsQuery(f.text);
  return and(
    eq(m.siteId, f.siteId),
    f.threadId === undefined ? undefined : eq(m.threadId, f.threadId),
    f.senderId === undefined ? undefined : eq(m.senderId, f.senderId),
    f.participant === undefined
      ? undefined
      : or(eq(m.senderId, f.participant), eq(m.receiverId, f.participant)),
    flag(f.pending, sql`${m.pending}`),
    flag(f.reported, sql`(${m.reportCount} > 0 OR ${m.aiFlagged})`),
    flag(f.hasAttachments, sql`${m.attachmentCount} > 0`),
    f.from ? gte(m.createdAt, f.from) : undefined,
    f.to ? lte(m.createdAt, f.to) : undefined,
    query ? sql`${m.tsv} @@ to_tsquery('simple', ${query})` : undefined,
  )!;
}

function selectMessages(db: Db, where: SQL) {
  return db
    .select({
      id: m.id,
      threadId: m.threadId,
      senderId: m.senderId,
      senderName: u.name,
      senderAvatar: u.avatar,
      receiverId: m.receiverId,
      createdAt: m.createdAt,
      html: m.html,
      text: m.text,
      pending: m.pending,
      reports: m.reports,
      reportCount: m.reportCount,
      aiFlagged: m.aiFlagged,
      attachments: m.attachments,
      attachmentCount: m.attachmentCount,
    })
    .from(m)
    .leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)))
    .where(where);
}

export type MessageListRow = Awaited<ReturnType<typeof selectMessages>>[number];

export async function getMessages(
  filter: MessageFilter,
  request: PageRequest<MessageSort> = {},
): Promise<PageResult<MessageListRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = messagesWhere(filter);
  const [rows, [count]] = await Promise.all([
    selectMessages(db, where)
      .orderBy(...ordering(MESSAGE_SORTS, request.sort, { id: 'createdAt', desc: true }, m.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(m)
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

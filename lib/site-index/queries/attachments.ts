/** Files across a site, for review: the plugin lists them only per thread. */
import { and, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/db/client';
import { indexAttachments as a } from '../schema';
import { likePattern, ordering, pageResult, paging, type PageRequest, type PageResult } from './common';

export type AttachmentKind = 'image' | 'video' | 'audio' | 'other';

export interface AttachmentFilter {
  siteId: number;
  threadId?: number;
  uploaderId?: number;
  kinds?: AttachmentKind[];
  ext?: string;
  from?: Date;
  to?: Date;
  /** File name contains. */
  name?: string;
}

export const ATTACHMENT_SORTS = { date: a.date, size: a.size, name: a.name, id: a.id, threadId: a.threadId };
export type AttachmentSort = keyof typeof ATTACHMENT_SORTS;

function kindCondition(kind: AttachmentKind): SQL {
  if (kind === 'other') {
    return sql`(${a.mime} IS NULL OR NOT (${a.mime} LIKE 'image/%' OR ${a.mime} LIKE 'video/%' OR ${a.mime} LIKE 'audio/%'))`;
  }
  return sql`${a.mime} LIKE ${`${kind}/%`}`;
}

/** The one WHERE of the attachment list, used by the rows and by the count. */
export function attachmentsWhere(f: AttachmentFilter): SQL {
  return and(
    eq(a.siteId, f.siteId),
    f.threadId === undefined ? undefined : eq(a.threadId, f.threadId),
    f.uploaderId === undefined ? undefined : eq(a.uploaderId, f.uploaderId),
    f.kinds?.length ? sql`(${sql.join(f.kinds.map(kindCondition), sql` OR `)})` : undefined,
    f.ext ? eq(sql`lower(${a.ext})`, f.ext.toLowerCase().replace(/^\./, '')) : undefined,
    f.from ? gte(a.date, f.from) : undefined,
    f.to ? lte(a.date, f.to) : undefined,
    f.name?.trim() ? ilike(a.name, likePattern(f.name.trim())) : undefined,
  )!;
}

function selectAttachments(db: Db, where: SQL) {
  return db
    .select({
      id: a.id,
      messageId: a.messageId,
      threadId: a.threadId,
      uploaderId: a.uploaderId,
      name: a.name,
      mime: a.mime,
      ext: a.ext,
      size: a.size,
      url: a.url,
      thumb: a.thumb,
      date: a.date,
    })
    .from(a)
    .where(where);
}

export type AttachmentListRow = Awaited<ReturnType<typeof selectAttachments>>[number];

export async function getAttachments(
  filter: AttachmentFilter,
  request: PageRequest<AttachmentSort> = {},
): Promise<PageResult<AttachmentListRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = attachmentsWhere(filter);
  const [rows, [count]] = await Promise.all([
    selectAttachments(db, where)
      .orderBy(...ordering(ATTACHMENT_SORTS, request.sort, { id: 'date', desc: true }, a.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(a)
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

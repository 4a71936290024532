/** Files across a site, for review: the plugin lists them only per thread. */
import 'server-only';
import { and, eq, gte, ilike, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { imageHashes as h } from '@/lib/services/care/schema';
import { indexAttachments as a, indexThreads as t, indexUsers as u } from '../schema';
import { likePattern, ordering, pageResult, paging, type PageRequest, type PageResult } from './common';
import type { AttachmentSort } from './sorts';

export type { AttachmentSort };

/** `other` is every file that is not image, video or audio: documents, archives, SVG, HTML… */
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
  /** Bytes, inclusive. */
  minSize?: number;
  maxSize?: number;
  /** Sent in a message that has reports (or an AI flag). */
  reported?: boolean;
  /** Its perceptual hash is within the distance of an image removed through BM Desk. */
  matchesRemoved?: boolean;
}

const ATTACHMENT_SORTS = {
  date: a.date,
  size: a.size,
  name: a.name,
  id: a.id,
  threadId: a.threadId,
} satisfies Record<AttachmentSort, AnyColumn>;

function kindCondition(kind: AttachmentKind): SQL {
  if (kind === 'other') {
    return sql`(${a.mime} IS NULL OR NOT (${a.mime} LIKE 'image/%' OR ${a.mime} LIKE 'video/%' OR ${a.mime} LIKE 'audio/%'))`;
  }
  return sql`${a.mime} LIKE ${`${kind}/%`}`;
}

const inReportedMessage = sql<boolean>`EXISTS (SELECT 1 FROM site_index_messages m
  WHERE m.site_id = ${a.siteId} AND m.id = ${a.messageId} AND (m.report_count > 0 OR m.ai_flagged))`;

const matchingRemoved = sql<boolean>`EXISTS (SELECT 1 FROM image_hashes h
  WHERE h.site_id = ${a.siteId} AND h.attachment_id = ${a.id} AND h.matches_removed_id IS NOT NULL)`;

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
    f.minSize === undefined ? undefined : gte(a.size, f.minSize),
    f.maxSize === undefined ? undefined : lte(a.size, f.maxSize),
    f.reported === undefined ? undefined : f.reported ? inReportedMessage : sql`NOT ${inReportedMessage}`,
    f.matchesRemoved === undefined
      ? undefined
      : f.matchesRemoved
        ? matchingRemoved
        : sql`NOT ${matchingRemoved}`,
  )!;
}

function selectAttachments(db: Db, where: SQL) {
  return db
    .select({
      id: a.id,
      messageId: a.messageId,
      threadId: a.threadId,
      threadSubject: t.subject,
      uploaderId: a.uploaderId,
      uploaderName: u.name,
      uploaderIsGuest: u.isGuest,
      name: a.name,
      mime: a.mime,
      ext: a.ext,
      size: a.size,
      url: a.url,
      thumb: a.thumb,
      date: a.date,
      reported: inReportedMessage,
      /** "Matches removed image #N". */
      matchesRemovedId: h.matchesRemovedId,
    })
    .from(a)
    .leftJoin(u, and(eq(u.siteId, a.siteId), eq(u.id, a.uploaderId)))
    .leftJoin(t, and(eq(t.siteId, a.siteId), eq(t.id, a.threadId)))
    .leftJoin(h, and(eq(h.siteId, a.siteId), eq(h.attachmentId, a.id)))
    .where(where);
}

export type AttachmentListRow = Awaited<ReturnType<typeof selectAttachments>>[number];

const attachmentsOrder = (sort: PageRequest<AttachmentSort>['sort']) =>
  ordering(ATTACHMENT_SORTS, sort, { id: 'date', desc: true }, a.id);

/** The same rows in the same order from an offset, without the count: a CSV export's pages. */
export async function getAttachmentsSlice(
  filter: AttachmentFilter,
  sort: PageRequest<AttachmentSort>['sort'],
  offset: number,
  limit: number,
): Promise<AttachmentListRow[]> {
  const db = await getDb();
  return selectAttachments(db, attachmentsWhere(filter))
    .orderBy(...attachmentsOrder(sort))
    .limit(limit)
    .offset(offset);
}

export async function getAttachments(
  filter: AttachmentFilter,
  request: PageRequest<AttachmentSort> = {},
): Promise<PageResult<AttachmentListRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = attachmentsWhere(filter);
  const [rows, [count]] = await Promise.all([
    selectAttachments(db, where)
      .orderBy(...attachmentsOrder(request.sort))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(a)
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

/** One file of the site, or null when the index does not know it. */
export async function getAttachment(siteId: number, id: number): Promise<AttachmentListRow | null> {
  const db = await getDb();
  const [row] = await selectAttachments(db, and(eq(a.siteId, siteId), eq(a.id, id))!);
  return row ?? null;
}

/** The extensions the site's files have, most common first, for the type filter. */
export async function getAttachmentExts(siteId: number): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ ext: sql<string>`lower(${a.ext})` })
    .from(a)
    .where(and(eq(a.siteId, siteId), sql`coalesce(${a.ext}, '') <> ''`))
    .groupBy(sql`lower(${a.ext})`)
    .orderBy(sql`count(*) DESC`)
    .limit(50);
  return rows.map((r) => r.ext);
}

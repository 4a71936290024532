/** The moderation queues over the site index: reported messages and pending messages. */
import 'server-only';
import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import {
  indexAttachments as files,
  indexMessages as m,
  indexThreads as t,
  indexUsers as u,
} from '@/lib/services/site-index/schema';
import { getAuditPage } from '@/lib/services/audit/queries';
import { contentOkMarks as ok } from '@/lib/services/decisions/schema';
import { imageHashes as hashes } from '@/lib/services/care/schema';
import { pageResult, paging, type PageResult } from '@/lib/services/site-index/queries/common';

export type QueueFilter = {
  siteId: number;
  kind: 'report' | 'pending';
  category?: string;
  senderId?: number;
  threadType?: string;
  /** Only items whose oldest report (or the message, when pending) is at least this many hours old. */
  minAgeHours?: number;
  source?: 'ai' | 'users';
};

export type QueueSort = 'reports' | 'age';

// The oldest report's time; the message time when the reports carry none (AI flags).
const oldest = sql<Date>`coalesce((SELECT min((r->>'time')::timestamptz) FROM jsonb_array_elements(${m.reports}) r WHERE r->>'time' IS NOT NULL), ${m.createdAt})`;

/**
 * The item's files as the index knows them (ids, names, types), for the safe previews; no site
 * URLs. Each carries the removed image it matches, from its stored hash.
 */
const messageFiles = sql<
  QueueFile[]
>`coalesce((SELECT json_agg(json_build_object('id', ${files.id}, 'name', ${files.name}, 'mime', ${files.mime}, 'ext', ${files.ext}, 'size', ${files.size}, 'matchesRemovedId', ${hashes.matchesRemovedId}) ORDER BY ${files.id}) FROM ${files} LEFT JOIN ${hashes} ON ${hashes.siteId} = ${files.siteId} AND ${hashes.attachmentId} = ${files.id} WHERE ${files.siteId} = ${m.siteId} AND ${files.messageId} = ${m.id}), '[]'::json)`;

export type QueueFile = {
  id: number;
  name: string | null;
  mime: string | null;
  ext: string | null;
  size: number | null;
  /** The removed image this picture matches ("matches removed image #N"), if any. */
  matchesRemovedId: number | null;
};

/**
 * A message marked "content is OK" with new reports (no AI flag) is not for the queue: BM Desk
 * dismisses those reports in the sync's stride, and the reports page lists it under "Marked OK".
 */
const markedOk = sql`EXISTS (SELECT 1 FROM ${ok} WHERE ${ok.siteId} = ${m.siteId} AND ${ok.messageId} = ${m.id})`;
const reportOpen = sql`(${m.reportCount} > 0 OR ${m.aiFlagged}) AND NOT (${m.reportCount} > 0 AND NOT ${m.aiFlagged} AND ${markedOk})`;

/** The one WHERE of a queue, for its rows and its count. */
export function queueWhere(f: QueueFilter): SQL {
  const since = f.minAgeHours ? new Date(Date.now() - f.minAgeHours * 3_600_000) : undefined;
  return and(
    eq(m.siteId, f.siteId),
    f.kind === 'pending' ? sql`${m.pending}` : reportOpen,
    f.category ? sql`${m.reports} @> ${JSON.stringify([{ category: f.category }])}::jsonb` : undefined,
    f.senderId === undefined ? undefined : eq(m.senderId, f.senderId),
    f.threadType ? eq(t.type, f.threadType) : undefined,
    since
      ? sql`${f.kind === 'pending' ? m.createdAt : oldest} <= ${since.toISOString()}::timestamptz`
      : undefined,
    f.source === 'ai' ? sql`${m.aiFlagged}` : f.source === 'users' ? sql`${m.reportCount} > 0` : undefined,
  )!;
}

function base(db: Awaited<ReturnType<typeof getDb>>) {
  return db
    .select({
      id: m.id,
      threadId: m.threadId,
      threadType: t.type,
      threadSubject: t.subject,
      senderId: m.senderId,
      senderName: u.name,
      senderIsGuest: u.isGuest,
      createdAt: m.createdAt,
      html: m.html,
      text: m.text,
      reports: m.reports,
      reportCount: m.reportCount,
      aiFlagged: m.aiFlagged,
      pending: m.pending,
      attachments: m.attachments,
      files: messageFiles,
      oldestReportAt: oldest,
    })
    .from(m)
    .leftJoin(t, and(eq(t.siteId, m.siteId), eq(t.id, m.threadId)))
    .leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)));
}

export type QueueRow = Awaited<ReturnType<ReturnType<typeof base>['where']>>[number];

type QueueOrder = { sort?: QueueSort; desc?: boolean };

function queueOrder(request: QueueOrder): SQL[] {
  const direction = request.desc === false ? asc : desc;
  // Oldest first by default: the longest-waiting item is decided first.
  const order =
    request.sort === 'reports'
      ? [direction(m.reportCount), asc(oldest)]
      : [request.desc ? desc(oldest) : asc(oldest)];
  return [...order, asc(m.id)];
}

/** The same items in the same order from an offset, without the count: a CSV export's pages. */
export async function getQueueSlice(
  filter: QueueFilter,
  order: QueueOrder,
  offset: number,
  limit: number,
): Promise<QueueRow[]> {
  const db = await getDb();
  return base(db)
    .where(queueWhere(filter))
    .orderBy(...queueOrder(order))
    .limit(limit)
    .offset(offset);
}

export async function getQueue(
  filter: QueueFilter,
  request: { page?: number; perPage?: number; sort?: QueueSort; desc?: boolean } = {},
): Promise<PageResult<QueueRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = queueWhere(filter);
  const [rows, [count]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(...queueOrder(request))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(m)
      .leftJoin(t, and(eq(t.siteId, m.siteId), eq(t.id, m.threadId)))
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

/**
 * Open reports (user reports or AI flags) and pending messages, of the site or of one sender: the
 * sidebar, the overview, the snapshots and a sender's history.
 */
export async function getQueueCounts(
  siteId: number,
  { db, senderId }: { db?: Db; senderId?: number } = {},
): Promise<{ reports: number; pending: number }> {
  db ??= await getDb();
  const [row] = await db
    .select({
      reports: sql<number>`count(*) FILTER (WHERE ${reportOpen})::int`,
      pending: sql<number>`count(*) FILTER (WHERE ${m.pending})::int`,
    })
    .from(m)
    .where(
      and(
        eq(m.siteId, siteId),
        senderId === undefined ? undefined : eq(m.senderId, senderId),
        sql`(${m.reportCount} > 0 OR ${m.aiFlagged} OR ${m.pending})`,
      ),
    );
  return { reports: row?.reports ?? 0, pending: row?.pending ?? 0 };
}

/** The messages around one, from the index, to judge it in its conversation. */
export async function getContext(siteId: number, threadId: number, messageId: number, around = 3) {
  const db = await getDb();
  const cols = {
    id: m.id,
    senderId: m.senderId,
    senderName: u.name,
    createdAt: m.createdAt,
    html: m.html,
    pending: m.pending,
  };
  const join = (q: ReturnType<typeof db.select<typeof cols>>) =>
    q.from(m).leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)));
  const inThread = and(eq(m.siteId, siteId), eq(m.threadId, threadId));
  const [before, after] = await Promise.all([
    join(db.select(cols))
      .where(and(inThread, lt(m.id, messageId)))
      .orderBy(desc(m.id))
      .limit(around),
    join(db.select(cols))
      .where(and(inThread, gt(m.id, messageId)))
      .orderBy(asc(m.id))
      .limit(around),
  ]);
  return { before: before.reverse(), after };
}

/** A sender's messages waiting for approval: what trusting or distrusting them changes. */
export async function pendingIdsOfSender(siteId: number, senderId: number): Promise<number[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: m.id })
    .from(m)
    .where(and(eq(m.siteId, siteId), eq(m.senderId, senderId), sql`${m.pending}`));
  return rows.map((r) => r.id);
}

/**
 * The item's sender and when it entered its queue, as the index holds them before a decision: a
 * pending message since it was sent, a reported one since its oldest report (the message's time
 * for an AI flag). The decision's audit keeps the time: once decided, the index forgets it.
 */
export async function queueEntryOf(
  siteId: number,
  messageId: number,
): Promise<{ senderId: number; queuedAt: Date | null } | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({
      senderId: m.senderId,
      queuedAt: sql<
        string | null
      >`CASE WHEN ${m.pending} THEN ${m.createdAt} WHEN ${m.reportCount} > 0 OR ${m.aiFlagged} THEN ${oldest} END`,
    })
    .from(m)
    .where(and(eq(m.siteId, siteId), eq(m.id, messageId)));
  if (!row) return undefined;
  return { senderId: row.senderId, queuedAt: row.queuedAt === null ? null : new Date(row.queuedAt) };
}

/**
 * A sender at a glance, for a queue decision: what they sent (from the index) and what this
 * team decided about them before (from the audit log).
 */
export async function getSenderHistory(siteId: number, senderId: number, decisions = 10) {
  const db = await getDb();
  const [[person], open, audit] = await Promise.all([
    db
      .select({
        messageCount: u.messageCount,
        threadCount: u.threadCount,
        reportedCount: u.reportedCount,
        lastMessageAt: u.lastMessageAt,
      })
      .from(u)
      .where(and(eq(u.siteId, siteId), eq(u.id, senderId))),
    getQueueCounts(siteId, { db, senderId }),
    getAuditPage({ siteId, bmUserId: senderId }, { perPage: decisions }),
  ]);
  return {
    senderId,
    messageCount: person?.messageCount ?? 0,
    threadCount: person?.threadCount ?? 0,
    reportedCount: person?.reportedCount ?? 0,
    lastMessageAt: person?.lastMessageAt ?? null,
    pendingNow: open.pending,
    reportedNow: open.reports,
    decisions: audit.rows,
    decisionCount: audit.total,
  };
}

export type SenderHistory = Awaited<ReturnType<typeof getSenderHistory>>;

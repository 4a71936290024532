/** The support inbox over BM Desk's triage state and the site index: one WHERE for rows and count. */
import 'server-only';
import { and, asc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { members, sites } from '@/lib/infra/db/schema';
import {
  likePattern,
  ordering,
  pageResult,
  paging,
  type PageRequest,
  type PageResult,
} from '@/lib/services/site-index/queries/common';
import { indexThreads as t } from '@/lib/services/site-index/schema';
import {
  DEFAULT_TARGET_MINUTES,
  INBOX_VIEWS,
  type InboxSort,
  type InboxView,
  type TriagePriority,
  type TriageStatus,
} from './constants';
import { triageConversations as c, triageConversationLabels as cl, triageSettings as ts } from './schema';

export interface InboxFilter {
  /** Undefined: every site. */
  siteId?: number;
  view: InboxView;
  /** Whose "Mine" it is. */
  memberId: number;
  labelId?: number;
  priority?: TriagePriority;
  assigneeId?: number;
  text?: string;
}

function viewWhere(view: InboxView, memberId: number): SQL {
  switch (view) {
    case 'mine':
      return and(eq(c.status, 'open'), eq(c.assigneeId, memberId))!;
    case 'unassigned':
      return and(eq(c.status, 'open'), isNull(c.assigneeId))!;
    case 'open':
      return eq(c.status, 'open');
    case 'pending':
      return eq(c.status, 'pending');
    case 'snoozed':
      return eq(c.status, 'snoozed');
    case 'resolved':
      return eq(c.status, 'resolved');
  }
}

/** Filters beside the view (shared by the rows, the count and the per-view counts). */
function filterWhere(f: Omit<InboxFilter, 'view'>): SQL | undefined {
  const text = f.text?.trim();
  return and(
    f.siteId === undefined ? undefined : eq(c.siteId, f.siteId),
    f.priority ? eq(c.priority, f.priority) : undefined,
    f.assigneeId !== undefined ? eq(c.assigneeId, f.assigneeId) : undefined,
    f.labelId !== undefined
      ? sql`EXISTS (SELECT 1 FROM ${cl} WHERE ${cl.siteId} = ${c.siteId} AND ${cl.threadId} = ${c.threadId} AND ${cl.labelId} = ${f.labelId})`
      : undefined,
    text ? ilike(t.subject, likePattern(text)) : undefined,
  );
}

/** The one WHERE of the inbox list. */
function inboxWhere(f: InboxFilter): SQL {
  return and(viewWhere(f.view, f.memberId), filterWhere(f))!;
}

const PRIORITY_RANK = sql`CASE ${c.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;

const INBOX_SORT_COLUMNS: Record<InboxSort, SQL | typeof c.waitingSince> = {
  waitingSince: c.waitingSince,
  lastActivityAt: sql`${t.lastActivityAt}`,
  priority: PRIORITY_RANK,
  resolvedAt: c.resolvedAt,
};

export type InboxRow = {
  siteId: number;
  siteSlug: string;
  siteName: string;
  threadId: number;
  subject: string | null;
  participants: number[];
  lastActivityAt: Date | null;
  status: TriageStatus;
  snoozedUntil: Date | null;
  priority: TriagePriority;
  assigneeId: number | null;
  assigneeName: string | null;
  team: string | null;
  waitingSince: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  targetMinutes: number;
  labelIds: number[];
};

/** The index may not know a hand-added thread yet: the row still shows, with what we know. */
const fromClause = sql`${c}
  INNER JOIN ${sites} ON ${sites.id} = ${c.siteId}
  LEFT JOIN ${t} ON ${t.siteId} = ${c.siteId} AND ${t.id} = ${c.threadId}`;

function selectInbox(
  db: Awaited<ReturnType<typeof getDb>>,
  where: SQL,
  sort: PageRequest<InboxSort>['sort'],
) {
  return (
    db
      .select({
        siteId: c.siteId,
        siteSlug: sites.slug,
        siteName: sites.name,
        threadId: c.threadId,
        subject: t.subject,
        participants: sql<number[]>`COALESCE(${t.participants}, '{}'::integer[])`,
        lastActivityAt: t.lastActivityAt,
        status: c.status,
        snoozedUntil: c.snoozedUntil,
        priority: c.priority,
        assigneeId: c.assigneeId,
        assigneeName: members.name,
        team: c.team,
        waitingSince: c.waitingSince,
        firstResponseAt: c.firstResponseAt,
        resolvedAt: c.resolvedAt,
        targetMinutes: sql<number>`COALESCE(${ts.targetMinutes}, ${DEFAULT_TARGET_MINUTES})`,
        labelIds: sql<
          number[]
        >`COALESCE((SELECT array_agg(${cl.labelId} ORDER BY ${cl.labelId}) FROM ${cl} WHERE ${cl.siteId} = ${c.siteId} AND ${cl.threadId} = ${c.threadId}), '{}'::integer[])`,
      })
      .from(c)
      .innerJoin(sites, eq(sites.id, c.siteId))
      .leftJoin(t, and(eq(t.siteId, c.siteId), eq(t.id, c.threadId)))
      .leftJoin(members, eq(members.id, c.assigneeId))
      .leftJoin(ts, eq(ts.siteId, c.siteId))
      .where(where)
      // Thread ids repeat across sites: the site settles the order of the all-sites inbox.
      .orderBy(...ordering(INBOX_SORT_COLUMNS, sort, { id: 'waitingSince' }, c.threadId), asc(c.siteId))
  );
}

/** The same rows in the same order from an offset, without the count: a CSV export's pages. */
export async function getInboxSlice(
  f: InboxFilter,
  sort: PageRequest<InboxSort>['sort'],
  offset: number,
  limit: number,
): Promise<InboxRow[]> {
  const rows = await selectInbox(await getDb(), inboxWhere(f), sort)
    .limit(limit)
    .offset(offset);
  return rows as InboxRow[];
}

export async function getInbox(
  f: InboxFilter,
  request: PageRequest<InboxSort> = {},
): Promise<PageResult<InboxRow>> {
  const db = await getDb();
  const p = paging(request);
  const where = inboxWhere(f);
  const [rows, [count]] = await Promise.all([
    selectInbox(db, where, request.sort).limit(p.limit).offset(p.offset),
    f.text?.trim()
      ? db
          .select({ n: sql<number>`count(*)::int` })
          .from(sql`${fromClause}`)
          .where(where)
      : db
          .select({ n: sql<number>`count(*)::int` })
          .from(c)
          .where(where),
  ]);
  return pageResult(rows as InboxRow[], count?.n ?? 0, p);
}

/** How many conversations each view holds under the same filters (one pass over the table). */
export async function getInboxCounts(f: Omit<InboxFilter, 'view'>): Promise<Record<InboxView, number>> {
  const db = await getDb();
  const columns = Object.fromEntries(
    INBOX_VIEWS.map((v) => [v, sql<number>`(count(*) FILTER (WHERE ${viewWhere(v, f.memberId)}))::int`]),
  ) as Record<InboxView, SQL<number>>;
  const base = filterWhere(f);
  const [row] = f.text?.trim()
    ? await db
        .select(columns)
        .from(sql`${fromClause}`)
        .where(base)
    : await db.select(columns).from(c).where(base);
  return Object.fromEntries(INBOX_VIEWS.map((v) => [v, Number(row?.[v] ?? 0)])) as Record<InboxView, number>;
}

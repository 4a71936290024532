/** The site-wide thread list the plugin does not have: filtered, sorted and paged over the index. */
import 'server-only';
import { and, eq, gte, ilike, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexThreads as t } from '../schema';
import {
  likePattern,
  ordering,
  pageResult,
  paging,
  prefixTsQuery,
  type PageRequest,
  type PageResult,
} from './common';
import type { ThreadSort } from './sorts';

export type { ThreadSort };

export interface ThreadFilter {
  siteId: number;
  /** bmUserId who takes part. */
  participant?: number;
  types?: string[];
  /** Threads active in [activeFrom, activeTo]. */
  activeFrom?: Date;
  activeTo?: Date;
  hasReports?: boolean;
  hasPending?: boolean;
  hasAttachments?: boolean;
  hasBans?: boolean;
  hasMutes?: boolean;
  /** Full-text over the thread's message text (word prefixes, all words in the thread), or the subject. */
  text?: string;
}

const THREAD_SORTS = {
  lastActivityAt: t.lastActivityAt,
  firstActivityAt: t.firstActivityAt,
  subject: t.subject,
  type: t.type,
  participantCount: t.participantCount,
  messageCount: t.messageCount,
  reportedCount: t.reportedCount,
  pendingCount: t.pendingCount,
  attachmentCount: t.attachmentCount,
  id: t.id,
} satisfies Record<ThreadSort, AnyColumn | SQL>;

const flag = (wanted: boolean | undefined, condition: SQL) =>
  wanted === undefined ? undefined : wanted ? condition : sql`NOT (${condition})`;

/** The one WHERE of the thread list, used by the rows and by the count. */
export function threadsWhere(f: ThreadFilter): SQL {
  const query = prefixTsQuery(f.text);
  const text = f.text?.trim();
  return and(
    eq(t.siteId, f.siteId),
    f.participant === undefined ? undefined : sql`${t.participants} @> ARRAY[${f.participant}]::integer[]`,
    f.types?.length
      ? sql`${t.type} IN (${sql.join(
          f.types.map((x) => sql`${x}`),
          sql`, `,
        )})`
      : undefined,
    f.activeFrom ? gte(t.lastActivityAt, f.activeFrom) : undefined,
    f.activeTo ? lte(t.firstActivityAt, f.activeTo) : undefined,
    flag(f.hasReports, sql`${t.reportedCount} > 0`),
    flag(f.hasPending, sql`${t.pendingCount} > 0`),
    flag(f.hasAttachments, sql`${t.attachmentCount} > 0`),
    flag(f.hasBans, sql`${t.banCount} > 0`),
    flag(f.hasMutes, sql`${t.muteCount} > 0`),
    !text
      ? undefined
      : query
        ? or(
            // Every word must occur in the thread, not necessarily in one message; or in the subject.
            sql`${t.tsv} @@ to_tsquery('simple', ${query})`,
            sql`to_tsvector('simple', coalesce(${t.subject}, '')) @@ to_tsquery('simple', ${query})`,
          )
        : // No word in it (punctuation only): the subject as typed.
          ilike(t.subject, likePattern(text)),
  )!;
}

const columns = {
  id: t.id,
  type: t.type,
  subject: t.subject,
  participants: t.participants,
  moderators: t.moderators,
  participantCount: t.participantCount,
  firstActivityAt: t.firstActivityAt,
  lastActivityAt: t.lastActivityAt,
  lastMessageId: t.lastMessageId,
  messageCount: t.messageCount,
  reportedCount: t.reportedCount,
  pendingCount: t.pendingCount,
  attachmentCount: t.attachmentCount,
  bans: t.bans,
  mutes: t.mutes,
  detailsSyncedAt: t.detailsSyncedAt,
  gone: t.gone,
};

function selectThreads(db: Db, where: SQL) {
  return db.select(columns).from(t).where(where);
}

export type ThreadListRow = Awaited<ReturnType<typeof selectThreads>>[number];

const threadsOrder = (sort: PageRequest<ThreadSort>['sort']) =>
  ordering(THREAD_SORTS, sort, { id: 'lastActivityAt', desc: true }, t.id);

/** The same rows in the same order from an offset, without the count: a CSV export's pages. */
export async function getThreadsSlice(
  filter: ThreadFilter,
  sort: PageRequest<ThreadSort>['sort'],
  offset: number,
  limit: number,
): Promise<ThreadListRow[]> {
  const db = await getDb();
  return selectThreads(db, threadsWhere(filter))
    .orderBy(...threadsOrder(sort))
    .limit(limit)
    .offset(offset);
}

export async function getThreads(
  filter: ThreadFilter,
  request: PageRequest<ThreadSort> = {},
): Promise<PageResult<ThreadListRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = threadsWhere(filter);
  const [rows, [count]] = await Promise.all([
    selectThreads(db, where)
      .orderBy(...threadsOrder(request.sort))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

/** Every matching thread the site still has, most recent activity first (a job's worklist, not a page). */
export async function getThreadIds(
  filter: ThreadFilter,
  limit = 5000,
): Promise<{ id: number; subject: string | null }[]> {
  const db = await getDb();
  return db
    .select({ id: t.id, subject: t.subject })
    .from(t)
    .where(and(threadsWhere(filter), eq(t.gone, false)))
    .orderBy(sql`${t.lastActivityAt} DESC NULLS LAST`, t.id)
    .limit(limit);
}

/** People seen on a site (senders, receivers, reporters, participants), with counts from the index. */
import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/db/client';
import { indexUsers as u } from '../schema';
import { likePattern, ordering, pageResult, paging, type PageRequest, type PageResult } from './common';

export interface UserFilter {
  siteId: number;
  /** Name contains, or the exact id. */
  search?: string;
  isGuest?: boolean;
  /** Has sent at least one reported or AI-flagged message. */
  hasReported?: boolean;
  minMessages?: number;
}

export const USER_SORTS = {
  name: u.name,
  id: u.id,
  messageCount: u.messageCount,
  threadCount: u.threadCount,
  reportedCount: u.reportedCount,
  lastMessageAt: u.lastMessageAt,
};
export type UserSort = keyof typeof USER_SORTS;

/** The one WHERE of the user list, used by the rows and by the count. */
export function usersWhere(f: UserFilter): SQL {
  const search = f.search?.trim();
  return and(
    eq(u.siteId, f.siteId),
    search
      ? or(ilike(u.name, likePattern(search)), /^-?\d+$/.test(search) ? eq(u.id, Number(search)) : undefined)
      : undefined,
    f.isGuest === undefined ? undefined : eq(u.isGuest, f.isGuest),
    f.hasReported === undefined
      ? undefined
      : f.hasReported
        ? sql`${u.reportedCount} > 0`
        : sql`${u.reportedCount} = 0`,
    f.minMessages === undefined ? undefined : sql`${u.messageCount} >= ${f.minMessages}`,
  )!;
}

function selectUsers(db: Db, where: SQL) {
  return db
    .select({
      id: u.id,
      name: u.name,
      avatar: u.avatar,
      isGuest: u.isGuest,
      messageCount: u.messageCount,
      threadCount: u.threadCount,
      reportedCount: u.reportedCount,
      lastMessageAt: u.lastMessageAt,
    })
    .from(u)
    .where(where);
}

export type UserListRow = Awaited<ReturnType<typeof selectUsers>>[number];

export async function getUsers(
  filter: UserFilter,
  request: PageRequest<UserSort> = {},
): Promise<PageResult<UserListRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = usersWhere(filter);
  const [rows, [count]] = await Promise.all([
    selectUsers(db, where)
      .orderBy(...ordering(USER_SORTS, request.sort, { id: 'messageCount', desc: true }, u.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(u)
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

/** People seen on a site (senders, receivers, reporters, participants), with counts from the index. */
import 'server-only';
import { and, eq, ilike, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexUsers as u } from '../schema';
import { likePattern, ordering, pageResult, paging, type PageRequest, type PageResult } from './common';
import type { UserSort } from './sorts';

export type { UserSort };

export interface UserFilter {
  siteId: number;
  /** Name contains, or the exact id. */
  search?: string;
  /** Also matching the search: ids the site itself found (by email, for instance). */
  searchIds?: number[];
  isGuest?: boolean;
  /**
   * Banned in at least one thread: a ban the site lists (chat rooms, in the index) or one of
   * `recordedBanIds` (bans BM Desk made, from the audit log).
   */
  banned?: boolean;
  recordedBanIds?: number[];
  /** Has sent at least one reported or AI-flagged message. */
  hasReported?: boolean;
  minMessages?: number;
}

const USER_SORTS = {
  name: u.name,
  id: u.id,
  messageCount: u.messageCount,
  threadCount: u.threadCount,
  reportedCount: u.reportedCount,
  lastMessageAt: u.lastMessageAt,
  pendingCount: sql`(SELECT count(*) FROM site_index_messages pm
    WHERE pm.site_id = ${u.siteId} AND pm.sender_id = ${u.id} AND pm.pending)`,
} satisfies Record<UserSort, AnyColumn | SQL>;

/** A ban the site lists for the user (chat rooms), still in force. */
const siteListedBan = sql`EXISTS (SELECT 1 FROM site_index_threads bt, jsonb_array_elements(bt.bans) b
  WHERE bt.site_id = ${u.siteId} AND bt.ban_count > 0
    AND (b->>'bmUserId')::bigint = ${u.id} AND (b->>'until')::timestamptz > now())`;

/** The one WHERE of the user list, used by the rows and by the count. */
export function usersWhere(f: UserFilter): SQL {
  const search = f.search?.trim();
  const bannedSql = or(
    siteListedBan,
    f.recordedBanIds?.length ? inArray(u.id, f.recordedBanIds) : undefined,
  )!;
  return and(
    eq(u.siteId, f.siteId),
    search
      ? or(
          ilike(u.name, likePattern(search)),
          /^-?\d+$/.test(search) ? eq(u.id, Number(search)) : undefined,
          f.searchIds?.length ? inArray(u.id, f.searchIds) : undefined,
        )
      : undefined,
    f.banned === undefined ? undefined : f.banned ? bannedSql : sql`NOT (${bannedSql})`,
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
      pendingCount: sql<number>`${USER_SORTS.pendingCount}::int`,
      lastMessageAt: u.lastMessageAt,
    })
    .from(u)
    .where(where);
}

export type UserListRow = Awaited<ReturnType<typeof selectUsers>>[number];

const usersOrder = (sort: PageRequest<UserSort>['sort']) =>
  ordering(USER_SORTS, sort, { id: 'messageCount', desc: true }, u.id);

/** The same rows in the same order from an offset, without the count: a CSV export's pages. */
export async function getUsersSlice(
  filter: UserFilter,
  sort: PageRequest<UserSort>['sort'],
  offset: number,
  limit: number,
): Promise<UserListRow[]> {
  const db = await getDb();
  return selectUsers(db, usersWhere(filter))
    .orderBy(...usersOrder(sort))
    .limit(limit)
    .offset(offset);
}

export async function getUsers(
  filter: UserFilter,
  request: PageRequest<UserSort> = {},
): Promise<PageResult<UserListRow>> {
  const db = await getDb();
  const page = paging(request);
  const where = usersWhere(filter);
  const [rows, [count]] = await Promise.all([
    selectUsers(db, where)
      .orderBy(...usersOrder(request.sort))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(u)
      .where(where),
  ]);
  return pageResult(rows, count?.n ?? 0, page);
}

/** One person as the index knows them, or null when no indexed message mentions them. */
export async function getUser(siteId: number, bmUserId: number): Promise<UserListRow | null> {
  const db = await getDb();
  const [row] = await selectUsers(db, and(eq(u.siteId, siteId), eq(u.id, bmUserId))!);
  return row ?? null;
}

export type IndexedRestriction = { kind: 'ban' | 'mute'; threadId: number; bmUserId: number; until: string };

/** Bans and mutes in force that the site lists (chat rooms), as last read into the index. */
export async function getIndexedRestrictions(
  siteId: number,
  bmUserIds: readonly number[],
): Promise<IndexedRestriction[]> {
  if (bmUserIds.length === 0) return [];
  const db = await getDb();
  const ids = `{${[...new Set(bmUserIds)].join(',')}}`;
  const rows = await db.execute(sql`
    SELECT r.kind, t.id AS thread_id, (e->>'bmUserId')::bigint AS bm_user_id, e->>'until' AS until
    FROM site_index_threads t
    CROSS JOIN LATERAL (
      SELECT 'ban' AS kind, x AS e FROM jsonb_array_elements(t.bans) x
      UNION ALL SELECT 'mute', x FROM jsonb_array_elements(t.mutes) x
    ) r(kind, e)
    WHERE t.site_id = ${siteId} AND (t.ban_count > 0 OR t.mute_count > 0)
      AND (e->>'bmUserId')::bigint = ANY(${ids}::bigint[])
      AND (e->>'until')::timestamptz > now()`);
  type Row = { kind: 'ban' | 'mute'; thread_id: string; bm_user_id: string; until: string };
  return (rows as unknown as { rows: Row[] }).rows.map((r) => ({
    kind: r.kind,
    threadId: Number(r.thread_id),
    bmUserId: Number(r.bm_user_id),
    until: r.until,
  }));
}

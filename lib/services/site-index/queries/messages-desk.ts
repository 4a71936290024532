/**
 * The messages desk (`/<site>/messages`): every indexed message of a site, with the filters of
 * the rules (link, domain, phone, e-mail, word list) beside the word search, sender, thread,
 * thread type, dates and the queues' flags. One WHERE serves the page, its count and the "all
 * matches" job. The count stops at COUNT_CAP: past it the page says "more than".
 */
import 'server-only';
import { and, eq, gte, inArray, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { getDb, getHandle, type Db } from '@/lib/infra/db/client';
import { MAX_BULK_MESSAGES } from '@/lib/services/messages/scope';
import type { MessageDeskSort, MessagesDeskFilter } from '@/lib/services/messages/search-params';
import { indexMessages as m, indexThreads as t, indexUsers as u } from '../schema';
import { pageResult, paging, prefixTsQuery, type PageRequest, type PageResult } from './common';
import { exactWordsQuery } from './exact-words';

export type { MessagesDeskFilter };

/** The count (and the "all matches" job) stop here; one job takes at most this many messages. */
export const COUNT_CAP = MAX_BULK_MESSAGES;
/** The excerpt a row carries (a message may be 100 KB; the row shows its start). */
const EXCERPT = 400;

const SORTS = {
  createdAt: m.createdAt,
  id: m.id,
  threadId: m.threadId,
  senderId: m.senderId,
  reportCount: m.reportCount,
  attachmentCount: m.attachmentCount,
} satisfies Record<MessageDeskSort, AnyColumn | SQL>;

const flag = (wanted: boolean | undefined, yes: SQL, no: SQL = sql`NOT (${yes})`) =>
  wanted === undefined ? undefined : wanted ? yes : no;

/** Any of the entries (each one word or a phrase of words), whole words: `a | (b <-> c)`. */
export function wordsTsQuery(words: readonly string[] | undefined): string | null {
  const entries = (words ?? [])
    .map((w) => w.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((parts) => parts.length > 0)
    .slice(0, 50)
    .map((parts) => (parts.length === 1 ? parts[0]! : `(${parts.slice(0, 8).join(' <-> ')})`));
  return entries.length ? entries.join(' | ') : null;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const textArray = (values: readonly string[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

// The message's link hosts (after the scheme, or a bare `www.`), as the has_link column finds links.
const HOSTS = `(?:https?://|www\\.)([a-z0-9.-]+)`;

/**
 * The one WHERE of the desk: the page, its count and the job's worklist. `exactText` is the word
 * search as exactWordsQuery gives it (null: it matches nothing); without it, the prefixes as typed.
 */
export function messagesDeskWhere(f: MessagesDeskFilter, exactText?: string | null): SQL {
  const text = prefixTsQuery(f.text);
  const words = wordsTsQuery(f.words);
  const domain = f.domain
    ? `(https?://|www\\.)([a-z0-9-]+\\.)*${escapeRegex(f.domain)}\\.?([^a-z0-9.-]|$)`
    : null;
  return and(
    eq(m.siteId, f.siteId),
    // A search with no word in it (punctuation only) matches nothing rather than everything.
    !f.text?.trim()
      ? undefined
      : exactText !== undefined
        ? exactText === null
          ? sql`false`
          : sql`${m.tsv} @@ ${exactText}::tsquery`
        : text
          ? sql`${m.tsv} @@ to_tsquery('simple', ${text})`
          : sql`false`,
    f.words?.length ? (words ? sql`${m.tsv} @@ to_tsquery('simple', ${words})` : sql`false`) : undefined,
    flag(f.hasLink, sql`${m.hasLink}`),
    domain ? sql`${m.hasLink} AND ${m.text} ~* ${domain}` : undefined,
    f.outside?.length
      ? sql`${m.hasLink} AND EXISTS (
          SELECT 1 FROM regexp_matches(${m.text}, ${HOSTS}, 'gi') AS found(h)
          WHERE NOT (
            rtrim(lower(found.h[1]), '.') = ANY(${textArray(f.outside)})
            OR rtrim(lower(found.h[1]), '.') LIKE ANY(${textArray(f.outside.map((d) => `%.${d}`))})
          ))`
      : undefined,
    flag(f.hasPhone, sql`${m.hasPhone}`),
    flag(f.hasEmail, sql`${m.hasEmail}`),
    f.senderId === undefined ? undefined : eq(m.senderId, f.senderId),
    flag(f.guest, sql`${m.senderId} < 0`, sql`${m.senderId} > 0`),
    f.threadId === undefined ? undefined : eq(m.threadId, f.threadId),
    f.types?.length
      ? sql`${m.threadId} IN (SELECT ${t.id} FROM ${t} WHERE ${t.siteId} = ${f.siteId} AND ${t.type} IN (${sql.join(
          f.types.map((x) => sql`${x}`),
          sql`, `,
        )}))`
      : undefined,
    f.from ? gte(m.createdAt, f.from) : undefined,
    f.to ? lte(m.createdAt, f.to) : undefined,
    flag(f.pending, sql`${m.pending}`),
    // Written as the partial index's predicate and one more test, so the index serves both.
    flag(
      f.reported,
      sql`(${m.reportCount} > 0 OR ${m.aiFlagged}) AND ${m.reportCount} > 0`,
      sql`${m.reportCount} = 0`,
    ),
    flag(
      f.aiFlagged,
      sql`(${m.reportCount} > 0 OR ${m.aiFlagged}) AND ${m.aiFlagged}`,
      sql`NOT ${m.aiFlagged}`,
    ),
    flag(f.hasFiles, sql`${m.attachmentCount} > 0`, sql`${m.attachmentCount} = 0`),
  )!;
}

interface DeskWhere {
  /** The word search as exact words (see exactWordsQuery): what the word index finds fastest. */
  where: SQL;
  /**
   * The same test with the prefixes as typed, for a walk that tests message by message: one
   * prefix is tested faster than the many words it may stand for.
   */
  typed: SQL;
}

async function deskWhere(db: Db, f: MessagesDeskFilter): Promise<DeskWhere> {
  if (!f.text?.trim()) {
    const where = messagesDeskWhere(f);
    return { where, typed: where };
  }
  const exact = await exactWordsQuery(db, f.siteId, f.text);
  const where = messagesDeskWhere(f, exact);
  return { where, typed: exact === null ? where : messagesDeskWhere(f) };
}

export interface MessageDeskRow {
  id: number;
  threadId: number;
  senderId: number;
  senderName: string | null;
  senderIsGuest: boolean | null;
  threadSubject: string | null;
  threadType: string | null;
  createdAt: Date;
  /** The text's first EXCERPT characters (plain text, never HTML). */
  excerpt: string;
  textLength: number;
  pending: boolean;
  reportCount: number;
  aiFlagged: boolean;
  attachmentCount: number;
  hasLink: boolean;
  hasPhone: boolean;
  hasEmail: boolean;
}

export interface MessagesDeskPage extends PageResult<MessageDeskRow> {
  /**
   * More matches than `total` says: past COUNT_CAP, or the count ran out of its time and `total`
   * is what the pages read so far show (this page, and one more when there is a next one).
   */
  more: boolean;
  /** False when the count ran out of its time (PostgreSQL only): `total` is a lower bound. */
  counted: boolean;
}

/**
 * How long the page waits for its count on PostgreSQL. A search whose every match must be read
 * (a regular expression over each link) stops counting here; the page says "at least" and still
 * pages forward, and the "all matches" job counts without a limit.
 */
export const COUNT_BUDGET_MS = 30;

const TIMED_OUT = '57014';

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.code;
}

/**
 * The number of matches, counted up to `cap` (and whether there are more); null when `budgetMs`
 * is given and the count (on PostgreSQL) takes longer.
 */
export async function countMessagesDesk(
  filter: MessagesDeskFilter,
  cap = COUNT_CAP,
  budgetMs?: number,
): Promise<{ total: number; more: boolean } | null> {
  return countWhere((await deskWhere(await getDb(), filter)).where, cap, budgetMs);
}

async function countWhere(
  where: SQL,
  cap: number,
  budgetMs: number | undefined,
): Promise<{ total: number; more: boolean } | null> {
  const handle = await getHandle();
  const count = async (db: Db) => {
    const limited = db
      .select({ one: sql`1` })
      .from(m)
      .where(where)
      .limit(cap + 1)
      .as('limited');
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(limited);
    return row?.n ?? 0;
  };
  const n =
    budgetMs !== undefined && handle.kind === 'postgres'
      ? await withBudget(handle.db, budgetMs, count)
      : await count(handle.db);
  if (n === null) return null;
  return { total: Math.min(n, cap), more: n > cap };
}

/**
 * ORDER BY from the allowed columns only, ties broken by id in the first key's direction. Every
 * sort column is NOT NULL, so no NULLS LAST: a backward scan of an ascending index then serves a
 * descending sort (NULLS LAST would not match the index and make PostgreSQL sort every match).
 */
function deskOrdering(sort: PageRequest<MessageDeskSort>['sort'], opaque = false): SQL[] {
  const wanted = (sort ?? []).filter((s) => Object.hasOwn(SORTS, s.id));
  const list: { id: MessageDeskSort; desc?: boolean }[] =
    wanted.length > 0 ? wanted : [{ id: 'createdAt', desc: true }];
  if (!list.some((s) => s.id === 'id')) list.push({ id: 'id', desc: list[0]!.desc });
  return list.map((s) => {
    // Opaque: the same order through an expression, which no index can give.
    const column = !opaque
      ? sql`${SORTS[s.id]}`
      : s.id === 'createdAt'
        ? sql`(${m.createdAt} + interval '0 seconds')`
        : sql`(${SORTS[s.id]} + 0)`;
    return s.desc ? sql`${column} DESC` : sql`${column} ASC`;
  });
}

/**
 * The ids of one page. PostgreSQL's plan for a search is usually to walk the messages newest
 * first and stop at the page; when the words are rare together (or never meet) that walk reads
 * every message. So on PostgreSQL, within `budgetMs`, the planner's way first; past it, every
 * match gathered through the indexes (the word index, the partial indexes) and sorted.
 */
async function pageIds(
  filter: MessagesDeskFilter,
  { where, typed }: DeskWhere,
  order: SQL[],
  opaqueOrder: SQL[],
  limit: number,
  offset: number,
  budgetMs: number | undefined,
): Promise<{ id: number }[]> {
  const handle = await getHandle();
  const walk = (db: Db, test = where) =>
    db
      .select({ id: m.id })
      .from(m)
      .where(test)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
  if (budgetMs === undefined || handle.kind !== 'postgres') return walk(handle.db);
  const gather = (db: Db) =>
    db
      .select({ id: m.id })
      .from(m)
      .where(where)
      .orderBy(...opaqueOrder)
      .limit(limit)
      .offset(offset);
  // A word search whose words rarely meet (or never do): walking newest first reads every
  // message, while the word index finds the few matches at once. Which one it is only shows by
  // trying: the walk first, and when it has not answered within HEDGE_MS, both side by side and
  // the first answer wins: the walk within the budget, or the matches read through the index
  // when they are fewer than PROBE (then they are all of them, and the page is theirs in order).
  // The loser runs out on its own statement timeout. Common words walk in a few milliseconds,
  // and then no probe takes a core from the count beside them.
  // The walk is only a walk: no bitmap scan, which would read every match of the words (and of
  // any flag with them) before the first row, the probe's job. With a flag the words always go
  // with ("zorbax" + link), PostgreSQL expects few matches and took that way: 36 ms against 1;
  // with words that always go together it started parallel workers: 53 ms against 1.
  if (filter.text?.trim() || filter.words?.length) {
    const probe = (db: Db) => {
      const found = db.select({ id: m.id }).from(m).where(where).limit(PROBE).as('found');
      return db.select({ id: found.id, n: sql<number>`count(*) over ()::int` }).from(found);
    };
    const walking = withBudget(handle.db, budgetMs, (db) => walk(db, typed), true);
    const early = await Promise.race([
      walking,
      new Promise<'late'>((resolve) => setTimeout(resolve, HEDGE_MS, 'late')),
    ]);
    if (early !== 'late' && early !== null) return early;
    const won = await firstOf<{ id: number }[] | { few: Set<number> }>([
      walking,
      withBudget(handle.db, PROBE_BUDGET_MS, probe).then((rows) => {
        if (rows === null || (rows[0]?.n ?? 0) >= PROBE) return null;
        return { few: new Set(rows.map((r) => r.id)) };
      }),
    ]);
    if (won !== null && !Array.isArray(won)) {
      if (won.few.size === 0) return [];
      return handle.db
        .select({ id: m.id })
        .from(m)
        .where(and(eq(m.siteId, filter.siteId), inArray(m.id, [...won.few])))
        .orderBy(...order)
        .limit(limit)
        .offset(offset);
    }
    if (won) return won;
    return gather(handle.db);
  }
  const walked = await withBudget(handle.db, budgetMs, walk);
  if (walked !== null) return walked;
  // Past the budget: the same page ordered by expressions no index gives, so PostgreSQL
  // gathers the matches through the indexes that find them and sorts those.
  return gather(handle.db);
}

/** Below this many matches a word search is gathered and sorted rather than walked. */
const PROBE = 500;
const PROBE_BUDGET_MS = 250;
/** How long a word search walks alone before the probe starts beside it. */
const HEDGE_MS = 8;

/** The first non-null answer of several, or null when all are null; the first error throws. */
function firstOf<T>(tries: Promise<T | null>[]): Promise<T | null> {
  return new Promise((resolve, reject) => {
    let left = tries.length;
    for (const t of tries) {
      t.then((value) => {
        left--;
        if (value !== null) resolve(value);
        else if (left === 0) resolve(null);
      }, reject);
    }
  });
}

/**
 * `run` within a statement timeout; null when it ran out. `walkOnly`: no bitmap scan and no
 * parallel workers (whose start alone took 40 ms), for a walk meant to stop at the page.
 */
async function withBudget<T>(
  db: Db,
  budgetMs: number,
  run: (tx: Db) => Promise<T>,
  walkOnly = false,
): Promise<T | null> {
  try {
    return await db.transaction(async (tx) => {
      const timeout = String(Math.max(1, Math.floor(budgetMs)));
      await tx.execute(
        walkOnly
          ? sql`SELECT set_config('statement_timeout', ${timeout}, true), set_config('enable_bitmapscan', 'off', true),
              set_config('max_parallel_workers_per_gather', '0', true)`
          : sql`SELECT set_config('statement_timeout', ${timeout}, true)`,
      );
      return run(tx as unknown as Db);
    });
  } catch (err) {
    if (errorCode(err) === TIMED_OUT) return null;
    throw err;
  }
}

/** One page of matches and their count (within `budgetMs` on PostgreSQL, when given). */
export async function getMessagesDesk(
  filter: MessagesDeskFilter,
  request: PageRequest<MessageDeskSort> = {},
  budgetMs?: number,
): Promise<MessagesDeskPage> {
  const db = await getDb();
  const page = paging(request);
  const order = deskOrdering(request.sort);
  const where = await deskWhere(db, filter);
  // The page's ids first (over the messages alone, so an index can give them in order and stop
  // at the page), then the senders and threads of those rows only.
  const [ids, count] = await Promise.all([
    pageIds(filter, where, order, deskOrdering(request.sort, true), page.limit + 1, page.offset, budgetMs),
    countWhere(where.where, COUNT_CAP, budgetMs),
  ]);
  const hasNext = ids.length > page.limit;
  ids.splice(page.limit);
  const found =
    ids.length === 0
      ? []
      : await db
          .select({
            id: m.id,
            threadId: m.threadId,
            senderId: m.senderId,
            senderName: u.name,
            senderIsGuest: u.isGuest,
            threadSubject: t.subject,
            threadType: t.type,
            createdAt: m.createdAt,
            excerpt: sql<string>`left(${m.text}, ${EXCERPT})`,
            textLength: sql<number>`length(${m.text})`,
            pending: m.pending,
            reportCount: m.reportCount,
            aiFlagged: m.aiFlagged,
            attachmentCount: m.attachmentCount,
            hasLink: m.hasLink,
            hasPhone: m.hasPhone,
            hasEmail: m.hasEmail,
          })
          .from(m)
          .leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)))
          .leftJoin(t, and(eq(t.siteId, m.siteId), eq(t.id, m.threadId)))
          .where(
            and(
              eq(m.siteId, filter.siteId),
              inArray(
                m.id,
                ids.map((r) => r.id),
              ),
            ),
          );
  const byId = new Map(found.map((r) => [r.id, r]));
  // In the page's order; a row deleted between the two reads is left out.
  const rows = ids.flatMap((r) => byId.get(r.id) ?? []);
  if (count) return { ...pageResult(rows, count.total, page), more: count.more, counted: true };
  // Uncounted: what is known, this page and whether there is a next one.
  const known = page.offset + rows.length + (hasNext ? 1 : 0);
  return {
    ...pageResult(rows, known, page),
    pageCount: page.page + (hasNext ? 1 : 0),
    more: hasNext,
    counted: false,
  };
}

export interface MatchingMessage {
  id: number;
  threadId: number;
  senderId: number;
  senderName: string | null;
  pending: boolean;
}

/**
 * Every match, oldest id first, up to `limit` (the "all matches" job's worklist; it asks for one
 * more than it takes, to refuse a search that has more).
 */
export async function getMatchingMessages(
  filter: MessagesDeskFilter,
  limit = COUNT_CAP + 1,
): Promise<MatchingMessage[]> {
  const db = await getDb();
  return db
    .select({
      id: m.id,
      threadId: m.threadId,
      senderId: m.senderId,
      senderName: u.name,
      pending: m.pending,
    })
    .from(m)
    .leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)))
    .where((await deskWhere(db, filter)).where)
    .orderBy(m.id)
    .limit(limit);
}

/** The chosen messages as the index has them (labels and senders come from here, never the browser). */
export async function getMessagesByIds(siteId: number, ids: readonly number[]): Promise<MatchingMessage[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db
    .select({
      id: m.id,
      threadId: m.threadId,
      senderId: m.senderId,
      senderName: u.name,
      pending: m.pending,
    })
    .from(m)
    .leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)))
    .where(and(eq(m.siteId, siteId), inArray(m.id, [...ids])))
    .orderBy(m.id);
}

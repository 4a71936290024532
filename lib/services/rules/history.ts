/**
 * "Try on history": a rule (saved or being edited) over the indexed messages of the last N days,
 * listing every message it would have matched. PostgreSQL narrows the window first (prefilter.ts:
 * the words as a regular expression, a regular expression's literal text or its PostgreSQL
 * rewriting, the has_link/has_email/has_phone columns, flags,
 * the thread's type) in one pass for the candidates' ids, newest first, and each candidate is confirmed by the rule's own
 * matcher (evaluate.ts) with the facts as of its time. A time budget stops a long run and says how
 * far it got rather than hanging.
 */
import 'server-only';
import { and, desc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { indexMessages as m, indexThreads as t, indexUsers as u } from '@/lib/services/site-index/schema';
import {
  compileConditions,
  indexFacts,
  isPromise,
  matchMessage,
  rowToRuleMessage,
  ruleMessageColumns,
  type Because,
} from './evaluate';
import { prefilter } from './prefilter';
import { regexSuperset } from './regex-literals';
import type { RuleCondition, RuleLeafType, RuleTrigger } from './tree';

export const HISTORY_MAX_DAYS = 90;
/** Matches listed in full; past it the run goes on counting. */
export const HISTORY_KEEP = 1000;
export const HISTORY_BUDGET_MS = 15_000;
/** Candidate ids taken per pass over the window; rows read per query. */
const CANDIDATES_PER_PASS = 50_000;
const ROWS_PER_BATCH = 1000;
const EXCERPT = 300;

export interface HistoryRequest {
  siteId: number;
  conditions: RuleCondition;
  triggers: readonly RuleTrigger[];
  days: number;
  budgetMs?: number;
  keep?: number;
  now?: Date;
}

export interface HistoryMatch {
  id: number;
  threadId: number;
  senderId: number;
  senderName: string | null;
  createdAt: string;
  /** The message's start as plain text (member-written: render as text). */
  excerpt: string;
  pending: boolean;
  reportCount: number;
  because: Because[];
}

export interface HistoryResult {
  days: number;
  since: string;
  /** Messages in the window. */
  inWindow: number;
  /** Messages of the window the run got through (all of them unless stopped). */
  checked: number;
  /** Messages PostgreSQL let through to the rule's matcher. */
  candidates: number;
  matched: number;
  /** The newest `keep` matches, newest first. */
  matches: HistoryMatch[];
  ms: number;
  /** The budget ran out; `checked` says how far back it got. */
  stopped: boolean;
  /** The oldest message time reached when stopped. */
  reachedAt: string | null;
}

/** What the rule's triggers would have looked at: every message, or only held or reported ones. */
function triggerWhere(triggers: readonly RuleTrigger[]): SQL | undefined {
  if (triggers.includes('message')) return undefined;
  const parts: SQL[] = [];
  if (triggers.includes('pending')) parts.push(sql`${m.pending}`);
  if (triggers.includes('report')) parts.push(sql`${m.reportCount} > 0`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

/** Every kind of test a condition tree holds. */
function leafTypes(tree: RuleCondition, into = new Set<RuleLeafType>()): Set<RuleLeafType> {
  if ('all' in tree) tree.all.forEach((c) => leafTypes(c, into));
  else if ('any' in tree) tree.any.forEach((c) => leafTypes(c, into));
  else if ('not' in tree) leafTypes(tree.not, into);
  else into.add(tree.type);
  return into;
}

/** The regular expressions of a tree, each with its `i` flag. */
function regexLeaves(tree: RuleCondition, into: [string, boolean][] = []): [string, boolean][] {
  if ('all' in tree) tree.all.forEach((c) => regexLeaves(c, into));
  else if ('any' in tree) tree.any.forEach((c) => regexLeaves(c, into));
  else if ('not' in tree) regexLeaves(tree.not, into);
  else if (tree.type === 'regex') into.push([tree.pattern, !tree.caseSensitive]);
  return into;
}

/**
 * The PostgreSQL forms of the tree's regular expressions that the database compiles (one that
 * is too complex for it, or that it reads otherwise than expected, is left to RE2 alone).
 */
async function regexesInSql(db: Db, tree: RuleCondition): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [pattern, ci] of regexLeaves(tree)) {
    const pg = regexSuperset(pattern, ci);
    if (!pg) continue;
    try {
      await db.execute(sql`SELECT '' ~ ${pg}`);
      out.set(`${ci ? 'i' : ''}/${pattern}`, pg);
    } catch {
      // Not narrowed: every message of the window goes to RE2.
    }
  }
  return out;
}

/** Throws RuleCompileError (in words) for a rule that cannot run (an invalid regular expression). */
export async function tryOnHistory(req: HistoryRequest): Promise<HistoryResult> {
  const started = performance.now();
  const budget = req.budgetMs ?? HISTORY_BUDGET_MS;
  const keep = req.keep ?? HISTORY_KEEP;
  const days = Math.min(HISTORY_MAX_DAYS, Math.max(1, Math.floor(req.days)));
  const compiled = compileConditions(req.conditions);
  const since = new Date((req.now ?? new Date()).getTime() - days * 86_400_000);
  const db = await getDb();
  const inWindow = and(eq(m.siteId, req.siteId), gte(m.createdAt, since));

  const [bounds] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(m)
    .where(inWindow);
  const total = bounds?.n ?? 0;
  const result: HistoryResult = {
    days,
    since: since.toISOString(),
    inWindow: total,
    checked: 0,
    candidates: 0,
    matched: 0,
    matches: [],
    ms: 0,
    stopped: false,
    reachedAt: null,
  };
  if (!total) {
    result.ms = Math.round(performance.now() - started);
    return result;
  }
  const inSql = await regexesInSql(db, req.conditions);
  const pre =
    prefilter(req.conditions, req.siteId, (p, ci) => inSql.get(`${ci ? 'i' : ''}/${p}`) ?? null).where ??
    undefined;
  const triggers = triggerWhere(req.triggers);
  const joinThreads = and(eq(t.siteId, m.siteId), eq(t.id, m.threadId));

  // What the rule reads, and no more: a million rows are read for a rule with no SQL form.
  const columns = ruleMessageColumns(leafTypes(req.conditions));
  const rowsWhere = (where: SQL | undefined, limit?: number) => {
    const q = db.select(columns).from(m).leftJoin(t, joinThreads).where(where).orderBy(desc(m.id));
    return limit === undefined ? q.execute() : q.limit(limit).execute();
  };
  type Row = Awaited<ReturnType<typeof rowsWhere>>[number];

  /**
   * The candidates, newest first, a batch at a time, the next one read while this one is
   * confirmed. With a SQL prefilter: one pass over the window for the candidates' ids
   * (PostgreSQL may scan it in parallel), then their rows in batches by id (a scan in id ranges
   * would walk the index for every message). Without one (a regular expression alone), every
   * message of the window is a candidate: read straight down the id index, a page at a time.
   */
  async function* candidates(): AsyncGenerator<Row[]> {
    if (pre === undefined) {
      const page = (below: number | null) =>
        rowsWhere(and(inWindow, below === null ? undefined : lt(m.id, below), triggers), ROWS_PER_BATCH);
      let next: Promise<Row[]> | null = page(null);
      try {
        while (next) {
          const rows: Row[] = await next;
          next = rows.length === ROWS_PER_BATCH ? page(rows[rows.length - 1]!.id) : null;
          yield rows;
        }
      } finally {
        // Stopped by the budget: the page read ahead is not wanted, nor its failure.
        next?.catch(() => undefined);
      }
      return;
    }
    let below: number | null = null;
    for (;;) {
      const ids: number[] = await db
        .select({ id: m.id })
        .from(m)
        .leftJoin(t, joinThreads)
        .where(and(inWindow, below === null ? undefined : lt(m.id, below), triggers, pre))
        .orderBy(desc(m.id))
        .limit(CANDIDATES_PER_PASS)
        .then((rows) => rows.map((r) => r.id));
      const batches: number[][] = [];
      for (let i = 0; i < ids.length; i += ROWS_PER_BATCH) batches.push(ids.slice(i, i + ROWS_PER_BATCH));
      const byIds = (list: number[]) => rowsWhere(and(eq(m.siteId, req.siteId), inArray(m.id, list)));
      let next = batches.length ? byIds(batches[0]!) : null;
      try {
        for (let b = 0; b < batches.length; b++) {
          const rows = await next!;
          next = b + 1 < batches.length ? byIds(batches[b + 1]!) : null;
          yield rows;
        }
      } finally {
        next?.catch(() => undefined);
      }
      if (ids.length < CANDIDATES_PER_PASS) return;
      below = ids[ids.length - 1]!;
    }
  }

  const facts = indexFacts(db, req.siteId);
  let stoppedAt: { id: number } | null = null;
  let last: number | null = null;
  pass: for await (const rows of candidates()) {
    for (const r of rows) {
      if (performance.now() - started > budget) {
        stoppedAt = { id: r.id };
        break pass;
      }
      last = r.id;
      result.candidates++;
      // Synchronous unless the rule asks the facts.
      const matched = matchMessage(compiled, rowToRuleMessage(r, r.threadType), facts);
      const because = isPromise(matched) ? await matched : matched;
      if (!because) continue;
      result.matched++;
      if (result.matches.length < keep) {
        result.matches.push({
          id: r.id,
          threadId: r.threadId,
          senderId: r.senderId,
          senderName: null,
          createdAt: r.createdAt.toISOString(),
          excerpt: r.text.slice(0, EXCERPT),
          pending: r.pending,
          reportCount: r.reportCount,
          because,
        });
      }
    }
    if (performance.now() - started > budget && last !== null) {
      stoppedAt = { id: last - 1 };
      break;
    }
  }

  // The senders' names of the matches shown (not of every row read).
  const senders = [...new Set(result.matches.map((x) => x.senderId))];
  if (senders.length > 0) {
    const names = await db
      .select({ id: u.id, name: u.name })
      .from(u)
      .where(and(eq(u.siteId, req.siteId), inArray(u.id, senders)));
    const byId = new Map(names.map((n) => [n.id, n.name]));
    for (const x of result.matches) x.senderName = byId.get(x.senderId) ?? null;
  }

  if (stoppedAt) {
    const [done] = await db
      .select({ n: sql<number>`count(*)::int`, at: sql<Date | null>`min(${m.createdAt})` })
      .from(m)
      .where(and(inWindow, gt(m.id, stoppedAt.id)));
    result.stopped = true;
    result.checked = done?.n ?? 0;
    result.reachedAt = done?.at ? new Date(done.at).toISOString() : null;
  } else {
    result.checked = total;
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

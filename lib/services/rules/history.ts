/**
 * "Try on history": a rule (saved or being edited) over the indexed messages of the last N days,
 * listing every message it would have matched. PostgreSQL narrows the window first (prefilter.ts:
 * the words as a regular expression or ILIKE, the has_link/has_email/has_phone columns, flags,
 * the thread's type), newest first in id ranges, and each candidate is confirmed by the rule's own
 * matcher (evaluate.ts) with the facts as of its time. A time budget stops a long run and says how
 * far it got rather than hanging.
 */
import 'server-only';
import { and, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { indexMessages as m, indexThreads as t, indexUsers as u } from '@/lib/services/site-index/schema';
import { compileConditions, indexFacts, matchMessage, rowToRuleMessage, type Because } from './evaluate';
import { prefilter } from './prefilter';
import type { RuleCondition, RuleTrigger } from './tree';

export const HISTORY_MAX_DAYS = 90;
/** Matches listed in full; past it the run goes on counting. */
export const HISTORY_KEEP = 1000;
export const HISTORY_BUDGET_MS = 15_000;
/** Messages of the window per query (an id range sized from the window's density). */
const RANGE_ROWS = 25_000;
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
    .select({
      n: sql<number>`count(*)::int`,
      lo: sql<number | null>`min(${m.id})`,
      hi: sql<number | null>`max(${m.id})`,
    })
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
  if (!total || bounds?.lo == null || bounds.hi == null) {
    result.ms = Math.round(performance.now() - started);
    return result;
  }
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi);
  const density = total / (hi - lo + 1);
  const step = Math.max(1000, Math.ceil(RANGE_ROWS / density));
  const pre = prefilter(req.conditions, req.siteId).where ?? undefined;
  const triggers = triggerWhere(req.triggers);

  const range = (top: number) =>
    db
      .select({
        siteId: m.siteId,
        id: m.id,
        threadId: m.threadId,
        senderId: m.senderId,
        text: m.text,
        createdAt: m.createdAt,
        pending: m.pending,
        reportCount: m.reportCount,
        reports: m.reports,
        aiFlagged: m.aiFlagged,
        attachments: m.attachments,
        threadType: t.type,
        senderName: u.name,
      })
      .from(m)
      .leftJoin(t, and(eq(t.siteId, m.siteId), eq(t.id, m.threadId)))
      .leftJoin(u, and(eq(u.siteId, m.siteId), eq(u.id, m.senderId)))
      .where(and(inWindow, gt(m.id, top - step), lte(m.id, top), triggers, pre))
      .orderBy(desc(m.id))
      .execute();

  const facts = indexFacts(db, req.siteId);
  let stoppedAt: { id: number } | null = null;
  // The next range is read while this one is confirmed.
  let next: ReturnType<typeof range> | null = range(hi);
  for (let top = hi; top >= lo && next; top -= step) {
    const rows = await next;
    next = top - step >= lo ? range(top - step) : null;
    for (const r of rows) {
      if (performance.now() - started > budget) {
        stoppedAt = { id: r.id };
        break;
      }
      result.candidates++;
      const because = await matchMessage(compiled, rowToRuleMessage(r, r.threadType), facts);
      if (!because) continue;
      result.matched++;
      if (result.matches.length < keep) {
        result.matches.push({
          id: r.id,
          threadId: r.threadId,
          senderId: r.senderId,
          senderName: r.senderName,
          createdAt: r.createdAt.toISOString(),
          excerpt: r.text.slice(0, EXCERPT),
          pending: r.pending,
          reportCount: r.reportCount,
          because,
        });
      }
    }
    if (!stoppedAt && next && performance.now() - started > budget) {
      stoppedAt = { id: top - step };
    }
    if (stoppedAt) {
      // A range query already sent is left to finish on its own.
      next?.then(
        () => undefined,
        () => undefined,
      );
      break;
    }
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

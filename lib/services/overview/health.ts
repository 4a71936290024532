/**
 * Queue health on the site overview: how long the oldest item of each queue has waited, how long
 * items waited for their first decision (p50/p95 per day), who decided how many, and how many
 * decisions rules took. From the index and the audit log only (no call to the site).
 */
import 'server-only';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes, members } from '@/lib/infra/db/schema';
import { QUEUE_DECISION_ACTIONS, ALL_QUEUE_DECISION_ACTIONS } from '@/lib/services/queues/decision-actions';
import { indexMessages as m } from '@/lib/services/site-index/schema';
import { triageConversations as tc } from '@/lib/services/triage/schema';

export const HEALTH_DAYS = 14;

export type OldestItem = {
  queue: 'reports' | 'pending' | 'inbox';
  /** The message (reports, pending) or the thread (inbox). */
  id: number;
  since: Date;
  /** How long it has waited, as of the query. */
  waitedMs: number;
};

export type DecisionDay = {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Every queue decision the site accepted that day (people and rules). */
  decisions: number;
  byRules: number;
  /** First decisions whose wait is known (the item's entry time was on record). */
  timed: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
};

export type ModeratorDecisions = {
  memberId: number | null;
  name: string;
  /** Decisions per day, in the order of `days`. */
  perDay: number[];
  total: number;
};

export type QueueHealth = {
  days: string[];
  perDay: DecisionDay[];
  moderators: ModeratorDecisions[];
  totals: { decisions: number; byRules: number; byPeople: number };
};

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

// The oldest report's time; the message time for an AI flag (as the reports queue sorts).
const reportedSince = sql<Date>`coalesce((SELECT min((r->>'time')::timestamptz) FROM jsonb_array_elements(${m.reports}) r WHERE r->>'time' IS NOT NULL), ${m.createdAt})`;

/** The item that has waited longest in each queue; a queue with nothing waiting is left out. */
export async function getOldestWaiting(siteId: number): Promise<OldestItem[]> {
  const db = await getDb();
  const [reports, pending, inbox] = await Promise.all([
    db
      .select({ id: m.id, since: reportedSince })
      .from(m)
      .where(and(eq(m.siteId, siteId), sql`(${m.reportCount} > 0 OR ${m.aiFlagged})`))
      .orderBy(asc(reportedSince), asc(m.id))
      .limit(1),
    db
      .select({ id: m.id, since: m.createdAt })
      .from(m)
      .where(and(eq(m.siteId, siteId), sql`${m.pending}`))
      .orderBy(asc(m.createdAt), asc(m.id))
      .limit(1),
    db
      .select({ id: tc.threadId, since: tc.waitingSince })
      .from(tc)
      .where(and(eq(tc.siteId, siteId), eq(tc.status, 'open'), isNotNull(tc.waitingSince)))
      .orderBy(asc(tc.waitingSince), asc(tc.threadId))
      .limit(1),
  ]);
  const now = Date.now();
  const out: OldestItem[] = [];
  const add = (queue: OldestItem['queue'], row: { id: number; since: Date | string | null } | undefined) => {
    if (!row?.since) return;
    const since = new Date(row.since);
    out.push({ queue, id: row.id, since, waitedMs: Math.max(0, now - since.getTime()) });
  };
  add('reports', reports[0]);
  add('pending', pending[0]);
  add('inbox', inbox[0]);
  return out;
}

/** The UTC days of the window, oldest first, ending today. */
export function healthDays(now = new Date(), count = HEALTH_DAYS): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

const list = (names: readonly string[]) =>
  sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );

/**
 * The lowest audit id of the site's window (through audit_log (site_id, at)). Passed as a
 * literal, it lets the outcomes be read by their primary key's range instead of as a whole table
 * that only grows.
 */
async function firstAuditIdOf(db: Db, siteId: number, since: string): Promise<number> {
  const [row] = await db
    .select({ id: sql<string | number | null>`min(${auditLog.id})` })
    .from(auditLog)
    .where(and(eq(auditLog.siteId, siteId), sql`${auditLog.at} >= ${since}::timestamptz`));
  return row?.id === null || row?.id === undefined ? Number.MAX_SAFE_INTEGER : Number(row.id);
}

/**
 * The window's decisions in one statement, two kinds of rows: 'wait' (per day of a first
 * decision: how many were timed, p50 and p95 in seconds) and 'count' (per day, member and
 * rule-or-not: how many decisions). A decision is an audit row of a queue decision action whose
 * outcome is ok; it was a rule's when its params name the rule. An item's first decision is the
 * earliest for its queue, message and entry time; the entry time is the one the decision's audit
 * kept, else (older rows) the index's, while the index still has it.
 */
function queueHealthStatement(siteId: number, since: string, firstAuditId: number) {
  return sql`
    WITH dec AS MATERIALIZED (
      SELECT a.at, a.member_id, a.member_email,
        a.action IN (${list(QUEUE_DECISION_ACTIONS.report)}) AS is_report,
        CASE WHEN jsonb_typeof(a.target->'messageId') = 'number' AND (a.target->'messageId')::numeric BETWEEN 1 AND 1e15
          THEN (a.target->'messageId')::numeric::bigint END AS mid,
        CASE WHEN a.target->>'queuedAt' LIKE '____-__-__T__:__:__%Z' THEN (a.target->>'queuedAt')::timestamptz END AS queued_at,
        coalesce(a.params ? 'rule', false) AS by_rule
      FROM ${auditLog} a
      JOIN ${auditOutcomes} o ON o.audit_id = a.id
      WHERE a.site_id = ${siteId} AND a.at >= ${since}::timestamptz
        AND a.action IN (${list(ALL_QUEUE_DECISION_ACTIONS)})
        AND a.id >= ${firstAuditId} AND o.audit_id >= ${firstAuditId} AND o.outcome = 'ok'
    ),
    firsts AS (
      SELECT is_report, mid, queued_at, min(at) AS first_at
      FROM dec WHERE mid IS NOT NULL
      GROUP BY 1, 2, 3
    ),
    -- The index is asked (by its primary key, item by item) only for a decision without an entry time.
    waits AS (
      SELECT (f.first_at AT TIME ZONE 'UTC')::date AS day,
        extract(epoch FROM f.first_at - coalesce(f.queued_at, (
          SELECT CASE WHEN NOT f.is_report THEN msg.created_at ELSE (
            SELECT min((r->>'time')::timestamptz) FROM jsonb_array_elements(msg.reports) r WHERE r->>'time' IS NOT NULL
          ) END
          FROM ${m} msg WHERE msg.site_id = ${siteId} AND msg.id = f.mid
        )))::float8 AS wait
      FROM firsts f
    )
    SELECT 'wait' AS kind, to_char(day, 'YYYY-MM-DD') AS day, NULL::int AS member_id, NULL::text AS email,
      false AS by_rule, count(*)::int AS n,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY wait) AS p50,
      percentile_disc(0.95) WITHIN GROUP (ORDER BY wait) AS p95
    FROM waits WHERE wait >= 0 GROUP BY day
    UNION ALL
    SELECT 'count', to_char((at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD'), member_id, max(member_email),
      by_rule, count(*)::int, NULL, NULL
    FROM dec GROUP BY (at AT TIME ZONE 'UTC')::date, member_id, by_rule`;
}

type HealthRow = {
  kind: 'wait' | 'count';
  day: string;
  member_id: number | null;
  email: string | null;
  by_rule: boolean;
  n: number;
  p50: number | string | null;
  p95: number | string | null;
};

/** The statement of `getQueueHealth` for the window ending on `now`'s day (the bench explains it). */
export async function queueHealthQuery(siteId: number, now = new Date()) {
  const db = await getDb();
  const since = `${healthDays(now)[0]}T00:00:00Z`;
  return queueHealthStatement(siteId, since, await firstAuditIdOf(db, siteId, since));
}

export async function getQueueHealth(siteId: number, now = new Date()): Promise<QueueHealth> {
  const db = await getDb();
  const days = healthDays(now);
  const rows = rowsOf<HealthRow>(await db.execute(await queueHealthQuery(siteId, now)));
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const perDay = days.map((day): DecisionDay => ({
    day,
    decisions: 0,
    byRules: 0,
    timed: 0,
    p50Seconds: null,
    p95Seconds: null,
  }));
  const seconds = (v: number | string | null) => (v === null ? null : Number(v));
  const counts: HealthRow[] = [];
  for (const r of rows) {
    const d = perDay[dayIndex.get(r.day) ?? -1];
    if (!d) continue;
    if (r.kind === 'wait') {
      d.timed = Number(r.n);
      d.p50Seconds = seconds(r.p50);
      d.p95Seconds = seconds(r.p95);
    } else {
      d.decisions += Number(r.n);
      if (r.by_rule) d.byRules += Number(r.n);
      else counts.push(r);
    }
  }

  const ids = [...new Set(counts.map((r) => r.member_id).filter((id): id is number => id !== null))];
  const names = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: members.id, name: members.name })
            .from(members)
            .where(inArray(members.id, ids))
        ).map((r) => [r.id, r.name]),
  );
  const moderators = new Map<string, ModeratorDecisions>();
  for (const r of counts) {
    const key = String(r.member_id);
    let entry = moderators.get(key);
    if (!entry) {
      entry = {
        memberId: r.member_id,
        name:
          (r.member_id === null ? undefined : names.get(r.member_id)) ??
          r.email ??
          (r.member_id === null ? 'Unknown' : `Member #${r.member_id}`),
        perDay: days.map(() => 0),
        total: 0,
      };
      moderators.set(key, entry);
    }
    entry.perDay[dayIndex.get(r.day)!] = Number(r.n);
    entry.total += Number(r.n);
  }

  const decisions = perDay.reduce((n, d) => n + d.decisions, 0);
  const byRules = perDay.reduce((n, d) => n + d.byRules, 0);
  return {
    days,
    perDay,
    moderators: [...moderators.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    totals: { decisions, byRules, byPeople: decisions - byRules },
  };
}

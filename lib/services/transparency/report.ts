/**
 * The transparency report of a site for a period: its moderation decisions by kind, reason,
 * ground and by people or rules; the notices sent; the appeals made and decided; the median time
 * to a decision and to an appeal's decision; and a series for the chart. Every number is an SQL
 * aggregate over BM Desk's own record (moderation_decisions, moderation_notices, appeals).
 *
 * What is counted in the period [from, to):
 * - decisions, strikes: decided in it (created_at); a strike's overturning is as of now;
 * - notices: queued in it (created_at), by their status now;
 * - appeals made: opened in it; upheld, overturned: decided in it; open: not decided at its end;
 * - time to decision: decisions of the period that came from a queue (queued_at set);
 * - time to an appeal's decision: appeals decided in the period.
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import {
  DECISION_KINDS,
  NOTICE_KINDS,
  type DecisionKind,
  type NoticeKind,
} from '@/lib/services/decisions/constants';
import { appeals, moderationDecisions as d, moderationNotices as n } from '@/lib/services/decisions/schema';
import type { ReportPeriod } from './period';

export type Split = { total: number; byPeople: number; byRules: number };
export type ReasonCount = Split & { code: string | null; title: string };
export type NoticeCount = {
  kind: NoticeKind;
  sent: number;
  failed: number;
  off: number;
  pending: number;
  total: number;
};
export type SeriesPoint = { day: string; byPeople: number; byRules: number; appealsMade: number };

export type TransparencyReport = {
  decisions: Split & {
    strikes: number;
    /** Strikes of the period overturned since (on appeal). */
    strikesOverturned: number;
    byKind: (Split & { kind: DecisionKind })[];
    byReason: ReasonCount[];
    byGround: { terms: number; law: number; none: number };
  };
  notices: Omit<NoticeCount, 'kind'> & { byKind: NoticeCount[] };
  appeals: { made: number; upheld: number; overturned: number; openAtEnd: number };
  medians: {
    /** Seconds from entering a queue to the decision; null when no decision of the period was timed. */
    decisionSeconds: number | null;
    decisionPeopleSeconds: number | null;
    decisionRulesSeconds: number | null;
    /** Decisions the median is over (their queue entry is known). */
    timedDecisions: number;
    appealSeconds: number | null;
    decidedAppeals: number;
  };
  /** Per day, or per month (`YYYY-MM`) when the period is longer than SERIES_DAYS. */
  series: { unit: 'day' | 'month'; points: SeriesPoint[] };
};

/** Past this many days the chart's bars are months: a year of days is no chart a reader can read. */
export const SERIES_DAYS = 92;
export const NO_REASON = 'No reason given';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const seconds = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The period's bounds in SQL, from its days as text (no Date crosses the driver, whatever its year). */
function bounds(period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>): { from: SQL; to: SQL } {
  return {
    from: sql`(${period.firstDay}::date::timestamp AT TIME ZONE 'UTC')`,
    to: sql`((${period.lastDay}::date + 1)::timestamp AT TIME ZONE 'UTC')`,
  };
}

type DecisionRow = {
  kind: DecisionKind;
  reason_code: string | null;
  reason_title: string | null;
  latest: string;
  automated: boolean;
  ground: 'terms' | 'law' | null;
  strike: boolean;
  overturned: boolean;
  n: number;
};

type MedianRow = {
  all_s: number | null;
  people_s: number | null;
  rules_s: number | null;
  timed: number;
};

type NoticeRow = { kind: NoticeKind; status: keyof Omit<NoticeCount, 'kind' | 'total'>; n: number };
type SeriesRow = { day: string; what: 'people' | 'rules' | 'appeals'; n: number };

type AppealRow = {
  made: number;
  upheld: number;
  overturned: number;
  open_at_end: number;
  median_s: number | null;
  decided: number;
};

export async function getTransparencyReport(
  siteId: number,
  period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>,
): Promise<TransparencyReport> {
  const db = await getDb();
  const { from, to } = bounds(period);
  const inPeriod = (col: SQL) => sql`${col} >= ${from} AND ${col} < ${to}`;
  const wait = sql`extract(epoch FROM ${d.createdAt} - ${d.queuedAt})::float8`;
  const timed = sql`${d.queuedAt} IS NOT NULL AND ${d.createdAt} >= ${d.queuedAt}`;
  const appealWait = sql`extract(epoch FROM ${appeals.decidedAt} - ${appeals.openedAt})::float8`;
  const appealDecided = sql`${appeals.status} <> 'open' AND ${inPeriod(sql`${appeals.decidedAt}`)}`;

  // Apart, so PostgreSQL runs them side by side on the pool's connections (PGlite one after another).
  const [decisionResult, medianResult, noticeResult, appealResult, seriesResult] = await Promise.all([
    db.execute(sql`
      SELECT ${d.kind} AS kind, ${d.reasonCode} AS reason_code,
        (array_agg(${d.reasonTitle} ORDER BY ${d.createdAt} DESC, ${d.id} DESC))[1] AS reason_title,
        max(${d.createdAt})::text AS latest,
        ${d.automated} AS automated, ${d.ground} AS ground, ${d.strike} AS strike,
        (${d.status} = 'overturned') AS overturned, count(*)::int AS n
      FROM ${d}
      WHERE ${d.siteId} = ${siteId} AND ${inPeriod(sql`${d.createdAt}`)}
      GROUP BY ${d.kind}, ${d.reasonCode}, ${d.automated}, ${d.ground}, ${d.strike}, (${d.status} = 'overturned')`),
    db.execute(sql`
      SELECT
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE ${timed}) AS all_s,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE ${timed} AND NOT ${d.automated}) AS people_s,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE ${timed} AND ${d.automated}) AS rules_s,
        count(*) FILTER (WHERE ${timed})::int AS timed
      FROM ${d}
      WHERE ${d.siteId} = ${siteId} AND ${inPeriod(sql`${d.createdAt}`)}`),
    db.execute(sql`
      SELECT ${n.kind} AS kind, ${n.status} AS status, count(*)::int AS n
      FROM ${n}
      WHERE ${n.siteId} = ${siteId} AND ${inPeriod(sql`${n.createdAt}`)}
      GROUP BY ${n.kind}, ${n.status}`),
    // Appeals opened before the period's end: the ones made in it, decided in it, or open at its end.
    db.execute(sql`
      SELECT
        count(*) FILTER (WHERE ${appeals.openedAt} >= ${from})::int AS made,
        count(*) FILTER (WHERE ${appeals.status} = 'upheld' AND ${appealDecided})::int AS upheld,
        count(*) FILTER (WHERE ${appeals.status} = 'overturned' AND ${appealDecided})::int AS overturned,
        count(*) FILTER (WHERE ${appeals.status} = 'open' OR ${appeals.decidedAt} IS NULL OR ${appeals.decidedAt} >= ${to})::int AS open_at_end,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${appealWait}) FILTER (WHERE ${appealDecided}) AS median_s,
        count(*) FILTER (WHERE ${appealDecided})::int AS decided
      FROM ${appeals}
      WHERE ${appeals.siteId} = ${siteId} AND ${appeals.openedAt} < ${to}`),
    db.execute(sql`
      SELECT to_char((${d.createdAt} AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
        CASE WHEN ${d.automated} THEN 'rules' ELSE 'people' END AS what, count(*)::int AS n
      FROM ${d}
      WHERE ${d.siteId} = ${siteId} AND ${inPeriod(sql`${d.createdAt}`)}
      GROUP BY 1, 2
      UNION ALL
      SELECT to_char((${appeals.openedAt} AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD'), 'appeals', count(*)::int
      FROM ${appeals}
      WHERE ${appeals.siteId} = ${siteId} AND ${inPeriod(sql`${appeals.openedAt}`)}
      GROUP BY 1`),
  ]);
  const decisionRows = rowsOf<DecisionRow>(decisionResult);
  const [medians] = rowsOf<MedianRow>(medianResult);
  const noticeRows = rowsOf<NoticeRow>(noticeResult);
  const [appealRow] = rowsOf<AppealRow>(appealResult);
  const seriesRows = rowsOf<SeriesRow>(seriesResult);

  return {
    decisions: summarizeDecisions(decisionRows),
    notices: summarizeNotices(noticeRows),
    appeals: {
      made: num(appealRow?.made),
      upheld: num(appealRow?.upheld),
      overturned: num(appealRow?.overturned),
      openAtEnd: num(appealRow?.open_at_end),
    },
    medians: {
      decisionSeconds: seconds(medians?.all_s),
      decisionPeopleSeconds: seconds(medians?.people_s),
      decisionRulesSeconds: seconds(medians?.rules_s),
      timedDecisions: num(medians?.timed),
      appealSeconds: seconds(appealRow?.median_s),
      decidedAppeals: num(appealRow?.decided),
    },
    series: buildSeries(period, seriesRows),
  };
}

const split = (): Split => ({ total: 0, byPeople: 0, byRules: 0 });
function add(s: Split, automated: boolean, count: number) {
  s.total += count;
  if (automated) s.byRules += count;
  else s.byPeople += count;
}

function summarizeDecisions(rows: DecisionRow[]): TransparencyReport['decisions'] {
  const all = split();
  const kinds = new Map<DecisionKind, Split>(DECISION_KINDS.map((k) => [k, split()]));
  const reasons = new Map<string, ReasonCount & { latest: string }>();
  const byGround = { terms: 0, law: 0, none: 0 };
  let strikes = 0;
  let strikesOverturned = 0;
  for (const r of rows) {
    const count = num(r.n);
    add(all, r.automated, count);
    add(kinds.get(r.kind)!, r.automated, count);
    byGround[r.ground ?? 'none'] += count;
    if (r.strike) strikes += count;
    if (r.strike && r.overturned) strikesOverturned += count;
    const key = r.reason_code ?? '';
    let reason = reasons.get(key);
    if (!reason) {
      reason = {
        ...split(),
        code: r.reason_code,
        title: r.reason_title ?? r.reason_code ?? NO_REASON,
        latest: r.latest,
      };
      reasons.set(key, reason);
    }
    // A reason renamed during the period is shown by its newest title.
    if (r.latest > reason.latest && r.reason_title) {
      reason.title = r.reason_title;
      reason.latest = r.latest;
    }
    add(reason, r.automated, count);
  }
  return {
    ...all,
    strikes,
    strikesOverturned,
    byKind: [...kinds].map(([kind, s]) => ({ kind, ...s })),
    byReason: [...reasons.values()]
      .map((r): ReasonCount => ({
        code: r.code,
        title: r.title,
        total: r.total,
        byPeople: r.byPeople,
        byRules: r.byRules,
      }))
      .sort(
        (a, b) =>
          b.total - a.total || (a.code === null ? 1 : b.code === null ? -1 : a.title.localeCompare(b.title)),
      ),
    byGround,
  };
}

function summarizeNotices(rows: NoticeRow[]): TransparencyReport['notices'] {
  const blank = () => ({ sent: 0, failed: 0, off: 0, pending: 0, total: 0 });
  const total = blank();
  const kinds = new Map<NoticeKind, NoticeCount>(NOTICE_KINDS.map((k) => [k, { kind: k, ...blank() }]));
  for (const r of rows) {
    const count = num(r.n);
    const k = kinds.get(r.kind)!;
    k[r.status] += count;
    k.total += count;
    total[r.status] += count;
    total.total += count;
  }
  return { ...total, byKind: [...kinds.values()] };
}

const DAY = 86_400_000;

/** Every day (or month) of the period, zeros included, so the chart's gaps are real. */
export function buildSeries(
  period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>,
  rows: SeriesRow[],
): TransparencyReport['series'] {
  const start = Date.parse(`${period.firstDay}T00:00:00Z`);
  const end = Date.parse(`${period.lastDay}T00:00:00Z`);
  const days = Math.round((end - start) / DAY) + 1;
  const unit = days > SERIES_DAYS ? 'month' : 'day';
  const keyOf = (day: string) => (unit === 'month' ? day.slice(0, 7) : day);
  const points = new Map<string, SeriesPoint>();
  // Date.parse reads years 0000–9999 as UTC here; the periods a report takes are in that range.
  for (let t = start; t <= end; t += DAY) {
    const key = keyOf(new Date(t).toISOString().slice(0, 10));
    if (!points.has(key)) points.set(key, { day: key, byPeople: 0, byRules: 0, appealsMade: 0 });
  }
  for (const r of rows) {
    const p = points.get(keyOf(r.day));
    if (!p) continue;
    const count = num(r.n);
    if (r.what === 'people') p.byPeople += count;
    else if (r.what === 'rules') p.byRules += count;
    else p.appealsMade += count;
  }
  return { unit, points: [...points.values()] };
}

/**
 * The statements of reasons of a site's period, one row a decision: what was decided about whom,
 * on which facts, why (reason, free text, ground in the terms or the law), by a person or a rule,
 * whether the member was told, what redress the notice offered and what became of the appeal.
 * Read in pages by a (created_at, id) keyset so an export of any size holds one page in memory.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { CSV_PAGE_SIZE, csvStream, type CsvPage } from '@/lib/infra/format/csv';
import type { DecisionKind } from '@/lib/services/decisions/constants';
import { appeals, moderationDecisions as d, moderationNotices as n } from '@/lib/services/decisions/schema';
import { getModerationSettings } from '@/lib/services/decisions/settings';
import type { ReportPeriod } from './period';

export type StatementRow = {
  id: number;
  createdAt: Date;
  siteName: string;
  kind: DecisionKind;
  subjectUserId: number | null;
  subjectName: string | null;
  threadIds: string;
  messageIds: string;
  endsAt: Date | null;
  reasonCode: string | null;
  reasonTitle: string | null;
  freeText: string | null;
  ground: 'terms' | 'law' | null;
  groundReference: string | null;
  automated: boolean;
  ruleId: number | null;
  actorName: string;
  strike: boolean;
  noticeStatus: 'pending' | 'sent' | 'failed' | 'off' | null;
  noticeAt: Date | null;
  appealStatus: 'open' | 'upheld' | 'overturned' | null;
  appealOpenedAt: Date | null;
  appealDecidedAt: Date | null;
};

/** Where the next page starts: the last row's exact created_at (as PostgreSQL's text) and id. */
export type StatementCursor = { at: string; id: number } | null;

type RawRow = {
  id: string | number;
  cursor_at: string;
  created_at: string | Date;
  site_name: string;
  kind: DecisionKind;
  subject_user_id: string | number | null;
  subject_name: string | null;
  thread_ids: string;
  message_ids: string;
  ends_at: string | Date | null;
  reason_code: string | null;
  reason_title: string | null;
  free_text: string | null;
  ground: 'terms' | 'law' | null;
  ground_reference: string | null;
  automated: boolean;
  rule_id: number | null;
  actor_name: string;
  strike: boolean;
  notice_status: StatementRow['noticeStatus'];
  notice_at: string | Date | null;
  appeal_status: StatementRow['appealStatus'];
  appeal_opened_at: string | Date | null;
  appeal_decided_at: string | Date | null;
};

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

/** One page of the period's decisions, oldest first. */
export async function getStatementsPage(
  siteId: number,
  period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>,
  cursor: StatementCursor,
  limit = CSV_PAGE_SIZE,
): Promise<{ rows: StatementRow[]; next: StatementCursor }> {
  const db = await getDb();
  const after = cursor
    ? sql`AND (${d.createdAt}, ${d.id}) > (${cursor.at}::timestamptz, ${cursor.id})`
    : sql``;
  // The decision's own notice: the newest one, should it ever have been queued twice.
  const result = await db.execute(sql`
    SELECT ${d.id} AS id, ${d.createdAt}::text AS cursor_at, ${d.createdAt} AS created_at, ${sites.name} AS site_name,
      ${d.kind} AS kind, ${d.subjectUserId} AS subject_user_id, ${d.subjectName} AS subject_name,
      array_to_string(${d.threadIds}, ' ') AS thread_ids, array_to_string(${d.messageIds}, ' ') AS message_ids,
      ${d.endsAt} AS ends_at, ${d.reasonCode} AS reason_code, ${d.reasonTitle} AS reason_title,
      ${d.freeText} AS free_text, ${d.ground} AS ground, ${d.groundReference} AS ground_reference,
      ${d.automated} AS automated, ${d.ruleId} AS rule_id, ${d.actorName} AS actor_name, ${d.strike} AS strike,
      nt.status AS notice_status, coalesce(nt.sent_at, nt.created_at) AS notice_at,
      ap.status AS appeal_status, ap.opened_at AS appeal_opened_at, ap.decided_at AS appeal_decided_at
    FROM ${d}
    JOIN ${sites} ON ${sites.id} = ${d.siteId}
    LEFT JOIN LATERAL (
      SELECT ${n.status} AS status, ${n.sentAt} AS sent_at, ${n.createdAt} AS created_at FROM ${n}
      WHERE ${n.decisionId} = ${d.id} AND ${n.kind} = 'decision'
      ORDER BY ${n.id} DESC LIMIT 1
    ) nt ON true
    LEFT JOIN ${appeals} ap ON ap.decision_id = ${d.id}
    WHERE ${d.siteId} = ${siteId}
      AND ${d.createdAt} >= (${period.firstDay}::date::timestamp AT TIME ZONE 'UTC')
      AND ${d.createdAt} < ((${period.lastDay}::date + 1)::timestamp AT TIME ZONE 'UTC')
      ${after}
    ORDER BY ${d.createdAt}, ${d.id}
    LIMIT ${limit}`);
  const raw = (result as unknown as { rows: RawRow[] }).rows;
  const rows = raw.map((r): StatementRow => ({
    id: Number(r.id),
    createdAt: new Date(r.created_at),
    siteName: r.site_name,
    kind: r.kind,
    subjectUserId: r.subject_user_id === null ? null : Number(r.subject_user_id),
    subjectName: r.subject_name,
    threadIds: r.thread_ids,
    messageIds: r.message_ids,
    endsAt: date(r.ends_at),
    reasonCode: r.reason_code,
    reasonTitle: r.reason_title,
    freeText: r.free_text,
    ground: r.ground,
    groundReference: r.ground_reference,
    automated: r.automated,
    ruleId: r.rule_id === null ? null : Number(r.rule_id),
    actorName: r.actor_name,
    strike: r.strike,
    noticeStatus: r.notice_status,
    noticeAt: date(r.notice_at),
    appealStatus: r.appeal_status,
    appealOpenedAt: date(r.appeal_opened_at),
    appealDecidedAt: date(r.appeal_decided_at),
  }));
  const last = raw[raw.length - 1];
  return { rows, next: raw.length < limit || !last ? null : { at: last.cursor_at, id: Number(last.id) } };
}

export const STATEMENTS_HEADER = [
  'decision id',
  'date (UTC)',
  'site',
  'kind',
  'member id',
  'member name',
  'threads',
  'messages',
  'restriction ends (UTC)',
  'reason code',
  'reason',
  'free text',
  'ground',
  'ground reference',
  'automated',
  'rule id',
  'decided by',
  'notice',
  'redress offered',
  'appeal',
  'appeal decided (UTC)',
] as const;

const NOTICE_WORDS = {
  sent: 'sent',
  failed: 'failed (the site refused it twice)',
  off: 'not sent (notices were off)',
  pending: 'not sent yet',
} as const;

const utcDay = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The redress the member was offered. The appeal window is the site's current setting: a
 * decision does not keep the window its notice named (the notice's text does).
 */
export function redressText(
  row: Pick<StatementRow, 'subjectUserId' | 'strike' | 'noticeStatus' | 'noticeAt'>,
  appealDays: number,
): string {
  if (row.subjectUserId === null) return 'None: no member concerned';
  if (!row.strike || row.noticeStatus === null) return 'None: the member was not told';
  const window = `internal appeal by answering the notice within ${appealDays} ${appealDays === 1 ? 'day' : 'days'}`;
  if (row.noticeStatus === 'sent') {
    const until = row.noticeAt
      ? ` (until ${utcDay(new Date(row.noticeAt.getTime() + appealDays * 86_400_000))})`
      : '';
    return `Offered: ${window}${until}`;
  }
  if (row.noticeStatus === 'pending') return `Offered in a notice not sent yet: ${window}`;
  return `None reached the member: the notice ${NOTICE_WORDS[row.noticeStatus]}`;
}

export function appealText(row: Pick<StatementRow, 'appealStatus' | 'appealOpenedAt'>): string {
  if (row.appealStatus === null) return 'none';
  if (row.appealStatus === 'open') return 'open';
  return row.appealStatus === 'upheld' ? 'upheld (decision kept)' : 'overturned (decision reversed)';
}

export function statementCells(row: StatementRow, appealDays: number): unknown[] {
  return [
    row.id,
    row.createdAt,
    row.siteName,
    row.kind,
    row.subjectUserId,
    row.subjectName,
    row.threadIds,
    row.messageIds,
    row.endsAt,
    row.reasonCode,
    row.reasonTitle,
    row.freeText,
    row.ground ?? '',
    row.groundReference,
    row.automated,
    row.ruleId,
    row.actorName,
    row.noticeStatus ? NOTICE_WORDS[row.noticeStatus] : 'none',
    redressText(row, appealDays),
    appealText(row),
    row.appealDecidedAt,
  ];
}

/** The statements CSV of a period, streamed a page at a time. */
export async function statementsCsvStream(
  siteId: number,
  period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>,
  pageSize = CSV_PAGE_SIZE,
): Promise<ReadableStream<Uint8Array>> {
  const { appealDays } = await getModerationSettings(siteId);
  // csvStream ends at a null cursor: the first page starts from a marker, not from null.
  type Cursor = StatementCursor | 'start';
  return csvStream<StatementRow, Cursor>({
    header: STATEMENTS_HEADER,
    line: (row) => statementCells(row, appealDays),
    start: 'start',
    page: async (cursor): Promise<CsvPage<StatementRow, Cursor>> =>
      getStatementsPage(siteId, period, cursor === 'start' ? null : cursor, pageSize),
  });
}

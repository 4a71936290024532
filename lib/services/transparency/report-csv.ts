/**
 * The transparency report as CSV, in long form (section, item, count, by people, by rules): one
 * file a spreadsheet pivots, with the same numbers as the page. It is small whatever the period
 * (a bounded number of kinds, reasons and days or months), so it is written at once.
 */
import { csvLine } from '@/lib/infra/format/csv';
import { KIND_LABEL, NOTICE_KIND_LABEL } from './labels';
import type { ReportPeriod } from './period';
import type { Split, TransparencyReport } from './report';

export const REPORT_HEADER = ['section', 'item', 'count', 'by people', 'by rules'] as const;

export function reportCsv(
  siteName: string,
  period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>,
  report: TransparencyReport,
  now = new Date(),
): string {
  const lines: unknown[][] = [];
  const row = (section: string, item: string, count: number | string | null, s?: Split) =>
    lines.push([section, item, count, s?.byPeople ?? '', s?.byRules ?? '']);
  row('report', 'site', siteName);
  row('report', 'first day (UTC)', period.firstDay);
  row('report', 'last day (UTC)', period.lastDay);
  row('report', 'made at (UTC)', now.toISOString());

  const dec = report.decisions;
  row('decisions', 'all', dec.total, dec);
  for (const k of dec.byKind) row('decisions by kind', KIND_LABEL[k.kind], k.total, k);
  for (const r of dec.byReason)
    row('decisions by reason', r.code ? `${r.title} (${r.code})` : r.title, r.total, r);
  row('decisions by ground', 'terms of the site', dec.byGround.terms);
  row('decisions by ground', 'law', dec.byGround.law);
  row('decisions by ground', 'no ground (no reason given)', dec.byGround.none);
  row('strikes', 'strikes (member told)', dec.strikes);
  row('strikes', 'overturned since', dec.strikesOverturned);

  const no = report.notices;
  for (const status of ['sent', 'failed', 'off', 'pending'] as const) row('notices', status, no[status]);
  row('notices', 'all', no.total);
  for (const k of no.byKind) if (k.total > 0) row('notices by kind', NOTICE_KIND_LABEL[k.kind], k.total);

  const ap = report.appeals;
  row('appeals', 'made', ap.made);
  row('appeals', 'upheld (decision kept)', ap.upheld);
  row('appeals', 'overturned (decision reversed)', ap.overturned);
  row('appeals', 'open at the end of the period', ap.openAtEnd);

  const m = report.medians;
  const secs = (v: number | null) => (v === null ? '' : Math.round(v));
  row('median time (seconds)', 'to decision, from entering the queue', secs(m.decisionSeconds));
  row('median time (seconds)', 'to decision, by people', secs(m.decisionPeopleSeconds));
  row('median time (seconds)', 'to decision, by rules', secs(m.decisionRulesSeconds));
  row('median time (seconds)', 'decisions timed', m.timedDecisions);
  row('median time (seconds)', 'to an appeal decision', secs(m.appealSeconds));
  row('median time (seconds)', 'appeals decided', m.decidedAppeals);

  const unit = report.series.unit === 'day' ? 'decisions per day' : 'decisions per month';
  for (const p of report.series.points)
    row(unit, p.day, p.byPeople + p.byRules, {
      total: p.byPeople + p.byRules,
      byPeople: p.byPeople,
      byRules: p.byRules,
    });
  const appealUnit = report.series.unit === 'day' ? 'appeals made per day' : 'appeals made per month';
  for (const p of report.series.points) row(appealUnit, p.day, p.appealsMade);

  return [REPORT_HEADER, ...lines].map(csvLine).join('');
}

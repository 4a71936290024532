import { BarChart } from '@/components/overview/bar-chart';
import { formatSeconds, percent, td, th } from '@/components/overview/health-cells';
import { Card } from '@/components/ui/field';
import { plural } from '@/lib/infra/format/plural';
import { KIND_LABEL, NOTICE_KIND_LABEL } from '@/lib/services/transparency/labels';
import type { Split, TransparencyReport } from '@/lib/services/transparency/report';

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-3" data-testid={`stat-${label}`}>
      <span className="block text-xs text-muted">{label}</span>
      <span className="text-2xl font-semibold tabular-nums" data-testid="stat-value">
        {value}
      </span>
      {note ? <span className="block text-xs text-muted">{note}</span> : null}
    </div>
  );
}

const median = (s: number | null) => (s === null ? '—' : formatSeconds(s));
const n = (v: number) => v.toLocaleString('en');

/** A share of the whole as a bar beside its number; the number says it, the bar only shows it. */
function ShareBar({ part, whole }: { part: number; whole: number }) {
  return (
    <span className="inline-block h-2 w-24 rounded bg-surface-2 align-middle" aria-hidden="true">
      <span className="block h-2 rounded bg-accent" style={{ width: `${percent(part, whole)}%` }} />
    </span>
  );
}

function SplitTable({
  caption,
  testId,
  head,
  rows,
  whole,
}: {
  caption: string;
  testId: string;
  head: string;
  rows: (Split & { key: string; label: string; extra?: string })[];
  whole: number;
}) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <caption className="mb-1 text-left text-sm font-semibold">{caption}</caption>
      <thead className="text-xs text-muted">
        <tr className="border-b border-border">
          <th scope="col" className={th}>
            {head}
          </th>
          <th scope="col" className={th}>
            Decisions
          </th>
          <th scope="col" className={th}>
            By people
          </th>
          <th scope="col" className={th}>
            By rules
          </th>
          <th scope="col" className={th}>
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-b border-border/60" data-row={r.key}>
            <th scope="row" className={`${th} font-normal`}>
              {r.label}
              {r.extra ? <span className="ml-1 text-xs text-muted">{r.extra}</span> : null}
            </th>
            <td className={`${td} font-medium`}>{n(r.total)}</td>
            <td className={td}>{n(r.byPeople)}</td>
            <td className={td}>{n(r.byRules)}</td>
            <td className={`${td} whitespace-nowrap`}>
              <ShareBar part={r.total} whole={whole} />{' '}
              <span className="text-xs">{percent(r.total, whole)}%</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CountTable({
  caption,
  testId,
  rows,
}: {
  caption: string;
  testId: string;
  rows: { key: string; label: string; value: string }[];
}) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <caption className="mb-1 text-left text-sm font-semibold">{caption}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-b border-border/60" data-row={r.key}>
            <th scope="row" className={`${th} font-normal`}>
              {r.label}
            </th>
            <td className={`${td} text-right font-medium`}>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The last day of a `YYYY-MM` month, for the audit link of a month's bar. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function ReportView({ report, base }: { report: TransparencyReport; base: string }) {
  const { decisions: dec, notices, appeals, medians, series } = report;
  const { unit } = series;
  const auditHref = (key: string) => {
    const [from, to] = unit === 'day' ? [key, key] : [`${key}-01`, monthEnd(key)];
    return `${base}/audit?from=${from}&to=${to}`;
  };
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat
          label="Decisions"
          value={n(dec.total)}
          note={`${n(dec.byPeople)} by people · ${n(dec.byRules)} by rules`}
        />
        <Stat label="Strikes" value={n(dec.strikes)} note={`${n(dec.strikesOverturned)} overturned since`} />
        <Stat
          label="Notices sent"
          value={n(notices.sent)}
          note={`${n(notices.failed)} failed · ${n(notices.off)} off`}
        />
        <Stat
          label="Appeals made"
          value={n(appeals.made)}
          note={`${n(appeals.upheld)} upheld · ${n(appeals.overturned)} overturned`}
        />
        <Stat
          label="Median time to decision"
          value={median(medians.decisionSeconds)}
          note={`over ${plural(medians.timedDecisions, 'decision')} from a queue`}
        />
        <Stat
          label="Median time to appeal decision"
          value={median(medians.appealSeconds)}
          note={`over ${plural(medians.decidedAppeals, 'appeal')} decided`}
        />
      </div>

      <Card className="grid gap-6 p-4 md:grid-cols-3">
        <BarChart
          title={`Decisions by people per ${unit}`}
          data={series.points.map((p) => ({ day: p.day, count: p.byPeople }))}
          tone="accent"
          unit={unit}
          href={auditHref}
        />
        <BarChart
          title={`Decisions by rules per ${unit}`}
          data={series.points.map((p) => ({ day: p.day, count: p.byRules }))}
          tone="warn"
          unit={unit}
          href={auditHref}
        />
        <BarChart
          title={`Appeals made per ${unit}`}
          data={series.points.map((p) => ({ day: p.day, count: p.appealsMade }))}
          tone="danger"
          unit={unit}
          href={auditHref}
        />
      </Card>

      <Card className="space-y-6 overflow-x-auto p-4">
        <SplitTable
          caption="Decisions by kind"
          testId="by-kind"
          head="Kind"
          whole={dec.total}
          rows={dec.byKind.map((k) => ({ ...k, key: k.kind, label: KIND_LABEL[k.kind] }))}
        />
        {dec.byReason.length === 0 ? (
          <p className="text-sm text-muted">No decision in this period, so no reason either.</p>
        ) : (
          <SplitTable
            caption="Decisions by reason"
            testId="by-reason"
            head="Reason"
            whole={dec.total}
            rows={dec.byReason.map((r) => ({
              ...r,
              key: r.code ?? '',
              label: r.title,
              extra: r.code ?? undefined,
            }))}
          />
        )}
      </Card>

      <div className="grid gap-4 md:grid-cols-2">
        <Card className="p-4">
          <CountTable
            caption="Grounds of the decisions"
            testId="by-ground"
            rows={[
              { key: 'terms', label: 'The site’s terms', value: n(dec.byGround.terms) },
              { key: 'law', label: 'The law', value: n(dec.byGround.law) },
              { key: 'none', label: 'None (no reason given)', value: n(dec.byGround.none) },
            ]}
          />
        </Card>
        <Card className="p-4">
          <CountTable
            caption="Appeals"
            testId="appeals"
            rows={[
              { key: 'made', label: 'Made in the period', value: n(appeals.made) },
              { key: 'upheld', label: 'Upheld (decision kept)', value: n(appeals.upheld) },
              { key: 'overturned', label: 'Overturned (decision reversed)', value: n(appeals.overturned) },
              { key: 'open', label: 'Open at the end of the period', value: n(appeals.openAtEnd) },
              { key: 'median', label: 'Median time to decide one', value: median(medians.appealSeconds) },
            ]}
          />
        </Card>
        <Card className="p-4">
          <CountTable
            caption="Notices to members"
            testId="notices"
            rows={[
              { key: 'sent', label: 'Sent', value: n(notices.sent) },
              { key: 'failed', label: 'Failed (the site refused them twice)', value: n(notices.failed) },
              { key: 'off', label: 'Not sent: notices were off', value: n(notices.off) },
              { key: 'pending', label: 'Not sent yet', value: n(notices.pending) },
              ...notices.byKind
                .filter((k) => k.total > 0)
                .map((k) => ({
                  key: `kind-${k.kind}`,
                  label: NOTICE_KIND_LABEL[k.kind],
                  value: `${n(k.sent)} of ${n(k.total)} sent`,
                })),
            ]}
          />
        </Card>
        <Card className="p-4">
          <CountTable
            caption="Time to decision (from entering a queue)"
            testId="medians"
            rows={[
              { key: 'all', label: 'Median, all', value: median(medians.decisionSeconds) },
              { key: 'people', label: 'Median, by people', value: median(medians.decisionPeopleSeconds) },
              { key: 'rules', label: 'Median, by rules', value: median(medians.decisionRulesSeconds) },
              { key: 'timed', label: 'Decisions timed', value: n(medians.timedDecisions) },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}

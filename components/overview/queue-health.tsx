import Link from 'next/link';
import { BarChart } from '@/components/overview/bar-chart';
import { ModeratorTable } from '@/components/overview/decisions-per-member';
import { auditHref, formatSeconds, Num, percent, td, th } from '@/components/overview/health-cells';
import { Card } from '@/components/ui/field';
import {
  getOldestWaiting,
  getQueueHealth,
  HEALTH_DAYS,
  type DecisionDay,
  type OldestItem,
  type QueueHealth,
} from '@/lib/services/overview/health';
import { formatWaiting } from '@/lib/services/triage/constants';
import { plural } from '@/lib/infra/format/plural';

/**
 * Queue health on the overview, as tables a screen reader reads row by row; every number links to
 * the rows behind it: the queue focused on the oldest item, the audit log filtered to the day,
 * the decisions, the member or the rules.
 */
export async function QueueHealthSection({ siteId, base }: { siteId: number; base: string }) {
  const [oldest, health] = await Promise.all([getOldestWaiting(siteId), getQueueHealth(siteId)]);
  return (
    <Card className="space-y-6 p-4" data-testid="queue-health">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">Queue health</h2>
        <RulesShare health={health} base={base} />
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <OldestTable oldest={oldest} base={base} />
        <BarChart
          title="Queue decisions per day"
          data={health.perDay.map((d) => ({ day: d.day, count: d.decisions }))}
          tone="accent"
          href={(day) => auditHref(base, { from: day, to: day })}
        />
      </div>
      <FirstDecisionTable health={health} base={base} />
      <ModeratorTable health={health} base={base} />
    </Card>
  );
}

export function QueueHealthSkeleton() {
  return (
    <div
      className="h-64 animate-pulse rounded-lg bg-surface-2"
      aria-busy="true"
      aria-label="Loading queue health"
    />
  );
}

function RulesShare({ health, base }: { health: QueueHealth; base: string }) {
  const { decisions, byRules, byPeople } = health.totals;
  const window = { from: health.days[0]!, to: health.days[health.days.length - 1]! };
  const rules = `${percent(byRules, decisions)}% (${byRules.toLocaleString('en')})`;
  const people = `${percent(byPeople, decisions)}% (${byPeople.toLocaleString('en')})`;
  return (
    <p className="text-xs text-muted" data-testid="rules-share">
      Decided by rules{' '}
      <Num
        value={byRules}
        href={auditHref(base, { ...window, by: 'rule' })}
        label={`Decided by rules: ${rules}`}
      >
        {rules}
      </Num>{' '}
      · by people{' '}
      <Num
        value={byPeople}
        href={auditHref(base, { ...window, by: 'people' })}
        label={`Decided by people: ${people}`}
      >
        {people}
      </Num>{' '}
      of {plural(decisions, 'decision')} in {HEALTH_DAYS} days
    </p>
  );
}

const byRulesText = (d: DecisionDay) =>
  `${d.byRules.toLocaleString('en')} (${percent(d.byRules, d.decisions)}%)`;

const QUEUES: { queue: OldestItem['queue']; label: string; href: (base: string, id: number) => string }[] = [
  { queue: 'reports', label: 'Reports', href: (base, id) => `${base}/reports?item=${id}` },
  { queue: 'pending', label: 'Pending', href: (base, id) => `${base}/pending?item=${id}` },
  { queue: 'inbox', label: 'Support inbox', href: (base, id) => `${base}/inbox/${id}` },
];

function OldestTable({ oldest, base }: { oldest: OldestItem[]; base: string }) {
  return (
    <table className="w-full text-left text-xs" data-testid="oldest-waiting">
      <caption className="mb-1 text-left text-xs font-medium">Oldest waiting item per queue</caption>
      <thead className="text-muted">
        <tr className="border-b border-border">
          <th scope="col" className={th}>
            Queue
          </th>
          <th scope="col" className={th}>
            Waiting for
          </th>
          <th scope="col" className={th}>
            Since (UTC)
          </th>
        </tr>
      </thead>
      <tbody>
        {QUEUES.map(({ queue, label, href }) => {
          const item = oldest.find((o) => o.queue === queue);
          return (
            <tr key={queue} className="border-b border-border/60" data-queue={queue}>
              <th scope="row" className={th}>
                {label}
              </th>
              {item ? (
                <>
                  <td className={td}>
                    <Link
                      href={href(base, item.id)}
                      className="text-accent underline underline-offset-2 hover:decoration-2"
                      aria-label={`${label}: the oldest item has waited ${formatWaiting(item.waitedMs)}`}
                    >
                      {formatWaiting(item.waitedMs)}
                    </Link>
                  </td>
                  <td className={td}>{item.since.toISOString().replace('T', ' ').slice(0, 16)}</td>
                </>
              ) : (
                <td className={`${td} text-muted`} colSpan={2}>
                  Nothing waiting
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function FirstDecisionTable({ health, base }: { health: QueueHealth; base: string }) {
  const rows = [...health.perDay].reverse();
  const cell = (d: DecisionDay, value: number | null, what: string) =>
    value === null ? (
      <span className="text-muted">—</span>
    ) : (
      <Link
        href={auditHref(base, { from: d.day, to: d.day })}
        className="text-accent underline underline-offset-2 hover:decoration-2"
        aria-label={`${d.day}: ${what} ${formatSeconds(value)}`}
      >
        {formatSeconds(value)}
      </Link>
    );
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="first-decision">
        <caption className="mb-1 text-left text-xs font-medium">
          Time to first decision per day (UTC, last {HEALTH_DAYS} days): from the item entering the queue (the
          message, or its oldest report) to the first decision the site accepted
        </caption>
        <thead className="text-muted">
          <tr className="border-b border-border">
            <th scope="col" className={th}>
              Day
            </th>
            <th scope="col" className={th}>
              Decisions
            </th>
            <th scope="col" className={th}>
              Items timed
            </th>
            <th scope="col" className={th}>
              p50
            </th>
            <th scope="col" className={th}>
              p95
            </th>
            <th scope="col" className={th}>
              By rules
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.day} className="border-b border-border/60" data-day={d.day}>
              <th scope="row" className={`${th} whitespace-nowrap`}>
                {d.day}
              </th>
              <td className={td}>
                <Num
                  value={d.decisions}
                  href={auditHref(base, { from: d.day, to: d.day })}
                  label={`${d.day}: ${plural(d.decisions, 'decision')}`}
                />
              </td>
              <td className={td}>{d.timed.toLocaleString('en')}</td>
              <td className={td}>{cell(d, d.p50Seconds, 'median wait')}</td>
              <td className={td}>{cell(d, d.p95Seconds, '95th percentile wait')}</td>
              <td className={td}>
                <Num
                  value={d.byRules}
                  href={auditHref(base, { from: d.day, to: d.day, by: 'rule' })}
                  label={`${d.day}: ${byRulesText(d)} by rules`}
                >
                  {byRulesText(d)}
                </Num>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-[11px] text-muted">
        Items timed: first decisions whose entry time is known (kept by the decision, or still in the index).
      </p>
    </div>
  );
}

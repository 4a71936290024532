import { UntrustedText } from '@/components/ui/untrusted-text';
import { HEALTH_DAYS, type QueueHealth } from '@/lib/services/overview/health';
import { plural } from '@/lib/infra/format/plural';
import { auditHref, Num, td, th } from './health-cells';

/** Decisions per member per day, each cell opening that member's decisions of that day in the audit log. */
export function ModeratorTable({ health, base }: { health: QueueHealth; base: string }) {
  const { days, moderators } = health;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="decisions-per-member">
        <caption className="mb-1 text-left text-xs font-medium">
          Decisions per member per day (UTC, last {HEALTH_DAYS} days; rules not counted)
        </caption>
        <thead className="text-muted">
          <tr className="border-b border-border">
            <th scope="col" className={th}>
              Member
            </th>
            {days.map((day) => (
              <th key={day} scope="col" className={`${th} whitespace-nowrap`}>
                <abbr title={day} className="no-underline">
                  {day.slice(5)}
                </abbr>
              </th>
            ))}
            <th scope="col" className={th}>
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {moderators.length === 0 ? (
            <tr>
              <td colSpan={days.length + 2} className="py-2 text-muted">
                No member decided a queue item in the last {HEALTH_DAYS} days.
              </td>
            </tr>
          ) : (
            moderators.map((m) => (
              <tr
                key={String(m.memberId)}
                className="border-b border-border/60"
                data-member={m.memberId ?? ''}
              >
                <th scope="row" className={`${th} max-w-48 truncate`}>
                  <UntrustedText text={m.name} />
                </th>
                {m.perDay.map((n, i) => (
                  <td key={days[i]} className={td}>
                    {m.memberId === null ? (
                      n
                    ) : (
                      <Num
                        value={n}
                        href={auditHref(base, {
                          from: days[i]!,
                          to: days[i]!,
                          member: m.memberId,
                          by: 'people',
                        })}
                        label={`${m.name}, ${days[i]}: ${plural(n, 'decision')}`}
                      />
                    )}
                  </td>
                ))}
                <td className={`${td} font-medium`}>
                  {m.memberId === null ? (
                    m.total
                  ) : (
                    <Num
                      value={m.total}
                      href={auditHref(base, {
                        from: days[0]!,
                        to: days[days.length - 1]!,
                        member: m.memberId,
                        by: 'people',
                      })}
                      label={`${m.name}: ${plural(m.total, 'decision')} in ${HEALTH_DAYS} days`}
                    />
                  )}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

import Link from 'next/link';
import type { DayCount } from '@/lib/services/overview/queries';
import { plural } from '@/lib/infra/format/plural';

/**
 * Days as bars in plain SVG (no chart library); each bar links to the rows behind it and says
 * its number to screen readers.
 */
export function BarChart({
  title,
  data,
  href,
  tone,
  level = false,
  unit = 'day',
}: {
  title: string;
  data: DayCount[];
  href: (day: string) => string;
  tone: 'accent' | 'danger' | 'warn';
  /** Each bar is a level (a backlog), not a number of events: the caption says the latest, not a sum. */
  level?: boolean;
  /** What one bar covers (`data[].day` then holds a `YYYY-MM` month). */
  unit?: 'day' | 'month';
}) {
  const max = Math.max(1, ...data.map((d) => d.count));
  const total = data.reduce((n, d) => n + d.count, 0);
  const w = 12;
  const gap = 2;
  const h = 80;
  return (
    <figure className="space-y-1" data-testid={`chart-${title}`}>
      <figcaption className="flex items-baseline justify-between text-xs">
        <span className="font-medium">{title}</span>
        <span className="text-muted">
          {level
            ? `latest ${(data[data.length - 1]?.count ?? 0).toLocaleString('en')} · peak ${total === 0 ? 0 : max} over ${plural(data.length, unit)}`
            : `${total.toLocaleString('en')} in ${plural(data.length, unit)} · peak ${max === 1 && total === 0 ? 0 : max}`}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${data.length * (w + gap)} ${h + 1}`}
        className="h-24 w-full"
        preserveAspectRatio="none"
        role="list"
        aria-label={title}
      >
        <line x1={0} x2={data.length * (w + gap)} y1={h} y2={h} className="stroke-border" strokeWidth={1} />
        {data.map((d, i) => {
          const bh = d.count === 0 ? 0 : Math.max(2, (d.count / max) * (h - 4));
          return (
            <Link key={d.day} href={href(d.day)} role="listitem" aria-label={`${d.day}: ${d.count}`}>
              <title>{`${d.day}: ${d.count}`}</title>
              <rect
                x={i * (w + gap)}
                y={0}
                width={w}
                height={h}
                className="fill-transparent hover:fill-surface-2"
              />
              <rect
                x={i * (w + gap)}
                y={h - bh}
                width={w}
                height={bh}
                className={tone === 'danger' ? 'fill-danger' : tone === 'warn' ? 'fill-warn' : 'fill-accent'}
              />
            </Link>
          );
        })}
      </svg>
      <div className="flex justify-between text-[10px] text-muted">
        <span>{data[0]?.day}</span>
        <span>{data[data.length - 1]?.day}</span>
      </div>
    </figure>
  );
}

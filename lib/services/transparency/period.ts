/**
 * The period of a transparency report, from the URL: a preset (the last 30 days, this year, last
 * year) or a custom first and last day. Days are UTC; the query's range is [from, to) with `to`
 * the midnight after the last day. What cannot be a period is refused in words, never guessed.
 */
import { z } from 'zod';
import { choiceParam, dateParam, type IgnoredParam } from '@/lib/infra/table/search-params';

export const PERIOD_PRESETS = ['30d', 'year', 'last-year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PRESET_LABEL: Record<PeriodPreset, string> = {
  '30d': 'Last 30 days',
  year: 'This year',
  'last-year': 'Last year',
};

/** The page's and both CSV routes' URL state. `to` is the last day included. */
export const transparencySearchParams = z.object({
  period: choiceParam(PERIOD_PRESETS),
  from: dateParam,
  to: dateParam,
});
export type TransparencySearch = z.infer<typeof transparencySearchParams>;

/** The longest period a report covers: enough for any yearly report, bounded for the per-day series. */
export const MAX_PERIOD_YEARS = 5;

export type ReportPeriod = {
  /** First instant included. */
  from: Date;
  /** First instant after the period. */
  to: Date;
  /** First and last day, YYYY-MM-DD (UTC), as the URL and the page show them. */
  firstDay: string;
  lastDay: string;
  preset: PeriodPreset | null;
  label: string;
};

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; problems: string[] };

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Midnight UTC of a YYYY-MM-DD day (years 1–9999, which Date.UTC would shift for 0–99). */
function midnight(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date.getTime();
}

function presetDays(preset: PeriodPreset, now: Date): [string, string] {
  const today = dayOf(now.getTime());
  const year = now.getUTCFullYear();
  if (preset === 'year') return [`${year}-01-01`, today];
  if (preset === 'last-year') return [`${year - 1}-01-01`, `${year - 1}-12-31`];
  return [dayOf(midnight(today) - 29 * DAY), today];
}

/** `2026-01-01 – 2026-01-31` */
export function periodText(firstDay: string, lastDay: string): string {
  return firstDay === lastDay ? firstDay : `${firstDay} – ${lastDay}`;
}

/**
 * The period the URL asks for. A custom `from` wins over a preset; without `to` it runs to today.
 * `ignored` is what the URL parser refused: a date that does not exist is named, not dropped.
 */
export function resolvePeriod(
  search: TransparencySearch,
  ignored: IgnoredParam[],
  now = new Date(),
): PeriodResult {
  const problems: string[] = [];
  for (const i of ignored) {
    if (i.key === 'from' || i.key === 'to')
      problems.push(
        `The date in '${i.key}' is not a day of the calendar. Write it as YYYY-MM-DD, for example 2026-01-31.`,
      );
    else if (i.key === 'period')
      problems.push(`The period in 'period' is not one of: ${PERIOD_PRESETS.join(', ')}. Pick one below.`);
  }
  if (problems.length > 0) return { ok: false, problems };

  let firstDay: string;
  let lastDay: string;
  let preset: PeriodPreset | null = null;
  if (search.from !== undefined) {
    firstDay = search.from;
    lastDay = search.to ?? dayOf(now.getTime());
  } else if (search.to !== undefined) {
    return {
      ok: false,
      problems: [`The period in 'to' has an end (${search.to}) but no start: add 'from', its first day.`],
    };
  } else {
    preset = search.period ?? '30d';
    [firstDay, lastDay] = presetDays(preset, now);
  }

  const from = midnight(firstDay);
  const to = midnight(lastDay) + DAY;
  if (from >= to)
    return {
      ok: false,
      problems: [`The period in 'from' starts on ${firstDay}, after its last day ${lastDay}. Swap them.`],
    };
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_PERIOD_YEARS);
  if (to > limit.getTime())
    return {
      ok: false,
      problems: [
        `The period in 'from' runs ${Math.floor((to - from) / DAY).toLocaleString('en')} days, from ${firstDay} to ${lastDay}: a report covers at most ${MAX_PERIOD_YEARS} years. Pick a shorter one.`,
      ],
    };
  return {
    ok: true,
    period: {
      from: new Date(from),
      to: new Date(to),
      firstDay,
      lastDay,
      preset,
      label: preset
        ? `${PRESET_LABEL[preset]} (${periodText(firstDay, lastDay)})`
        : periodText(firstDay, lastDay),
    },
  };
}

/** The URL query of exactly these days: a CSV linked from the page holds what the page shows, even tomorrow. */
export function periodQuery(period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>): string {
  return new URLSearchParams({ from: period.firstDay, to: period.lastDay }).toString();
}

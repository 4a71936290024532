import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { PERIOD_PRESETS, PRESET_LABEL, type PeriodPreset } from '@/lib/services/transparency/period';

/**
 * The report's period: preset links, or a first and last day sent as a plain GET form (the URL
 * holds the period, so a report can be linked; no script needed).
 */
export function PeriodPicker({
  base,
  preset,
  firstDay,
  lastDay,
}: {
  base: string;
  preset: PeriodPreset | null;
  firstDay?: string;
  lastDay?: string;
}) {
  return (
    <div className="flex flex-wrap items-end gap-4" data-testid="period-picker">
      <nav aria-label="Period" className="flex flex-wrap gap-2">
        {PERIOD_PRESETS.map((p) => (
          <Link
            key={p}
            href={`${base}?period=${p}`}
            aria-current={preset === p ? 'page' : undefined}
            className={buttonClass(preset === p ? 'primary' : 'secondary')}
          >
            {PRESET_LABEL[p]}
          </Link>
        ))}
      </nav>
      <form method="get" action={base} className="flex flex-wrap items-end gap-2" aria-label="Custom period">
        <div className="space-y-1">
          <label htmlFor="period-from" className="block text-xs font-medium text-muted">
            First day (UTC)
          </label>
          <input
            id="period-from"
            name="from"
            type="date"
            defaultValue={firstDay}
            required
            className={inputClass}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="period-to" className="block text-xs font-medium text-muted">
            Last day (UTC)
          </label>
          <input id="period-to" name="to" type="date" defaultValue={lastDay} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          Show
        </button>
      </form>
    </div>
  );
}

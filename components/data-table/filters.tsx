'use client';

import type { ReactNode } from 'react';
import { inputClass } from '@/components/ui/field';

/** A labelled filter control in a toolbar: the small caption above, the control below. */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="space-y-1">
      <span className="block text-xs text-muted">{label}</span>
      {children}
    </label>
  );
}

/**
 * A select of options with "Any" first (the empty value, which clears the filter). The value
 * is passed back as text; '' means any.
 */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  width = 'w-36',
  anyLabel = 'Any',
}: {
  label: string;
  value: string | number | boolean | undefined | null;
  options: readonly (readonly [value: string, label: string])[];
  onChange: (value: string) => void;
  width?: string;
  anyLabel?: string | null;
}) {
  const current =
    value === undefined || value === null
      ? ''
      : typeof value === 'boolean'
        ? value
          ? '1'
          : '0'
        : String(value);
  return (
    <FilterField label={label}>
      <select
        aria-label={label}
        value={current}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} ${width}`}
      >
        {anyLabel === null ? null : <option value="">{anyLabel}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

export const YES_NO = [
  ['1', 'Yes'],
  ['0', 'No'],
] as const;

/** Two inclusive UTC days, YYYY-MM-DD; an emptied field clears its end of the range. */
export function DateRangeFilter({
  from,
  to,
  onChange,
  labels = ['From', 'To'],
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (changes: { from?: string | null; to?: string | null }) => void;
  labels?: [string, string];
}) {
  return (
    <>
      <FilterField label={labels[0]}>
        <input
          type="date"
          value={from ?? ''}
          onChange={(e) => onChange({ from: e.target.value || null })}
          className={inputClass}
        />
      </FilterField>
      <FilterField label={labels[1]}>
        <input
          type="date"
          value={to ?? ''}
          onChange={(e) => onChange({ to: e.target.value || null })}
          className={inputClass}
        />
      </FilterField>
    </>
  );
}

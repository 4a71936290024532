'use client';

import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';
import { plural } from '@/lib/infra/format/plural';
import { cn } from './cn';
import { inputClass } from './field';

/** The duration picker's choices; "until I lift it" is the longest the plugin allows. */
export const DURATIONS = [
  { label: '1 hour', minutes: 60 },
  { label: '2 hours', minutes: 120 },
  { label: '1 day', minutes: 1440 },
  { label: '7 days', minutes: 7 * 1440 },
  { label: '30 days', minutes: 30 * 1440 },
  { label: 'Until I lift it', minutes: BAN_UNTIL_LIFTED_MINUTES },
] as const;

/** What a moderator picked, in the picker's own words. */
export function durationLabel(minutes: number) {
  return DURATIONS.find((d) => d.minutes === minutes)?.label ?? plural(minutes, 'minute');
}

/**
 * How long a ban, a mute or a trust lasts. A restriction always ends (the plugin has no
 * "permanent", so its longest choice is "until I lift it"); a trust held until lifted is 0,
 * which is why the trust picker offers that first and leaves out the ten-year choice.
 */
export function DurationPicker({
  value,
  onChange,
  label = 'Duration',
  variant = 'restriction',
  className,
}: {
  value: number;
  onChange: (minutes: number) => void;
  label?: string;
  variant?: 'restriction' | 'trust';
  className?: string;
}) {
  const choices = variant === 'trust' ? DURATIONS.slice(0, -1) : DURATIONS;
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(Number(e.target.value))}
      className={cn(inputClass, className)}
    >
      {variant === 'trust' ? <option value={0}>Until lifted</option> : null}
      {choices.map((d) => (
        <option key={d.minutes} value={d.minutes}>
          {d.label}
        </option>
      ))}
    </select>
  );
}

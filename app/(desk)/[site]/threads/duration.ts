import { z } from 'zod';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/better-messages/participants';

/** Durations as the plugin wants them: whole minutes, at least 1; "until lifted" is its longest. */
export const DURATIONS = [
  { label: '1 hour', minutes: 60 },
  { label: '2 hours', minutes: 120 },
  { label: '1 day', minutes: 1440 },
  { label: '7 days', minutes: 7 * 1440 },
  { label: '30 days', minutes: 30 * 1440 },
  { label: 'Until I lift it', minutes: BAN_UNTIL_LIFTED_MINUTES },
] as const;

export const durationMinutes = z.coerce
  .number('Choose a duration.')
  .int('Whole minutes only.')
  .min(1, 'At least one minute.')
  .max(BAN_UNTIL_LIFTED_MINUTES, 'Longer than the plugin allows.');

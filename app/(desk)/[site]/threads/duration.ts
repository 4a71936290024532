import { z } from 'zod';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';

/** A duration as the plugin takes it: whole minutes, at least one, at most "until lifted". */
export const durationMinutes = z.coerce
  .number('Choose a duration.')
  .int('Whole minutes only.')
  .min(1, 'At least one minute.')
  .max(BAN_UNTIL_LIFTED_MINUTES, 'Longer than the plugin allows.');

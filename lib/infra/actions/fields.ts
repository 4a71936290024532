/**
 * Input fields that several desks' actions share, so a duration or an id means the same
 * thing whichever desk takes it. Plain zod: the browser may import these too.
 */
import { z } from 'zod';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';

/** A duration as the plugin takes it: whole minutes, at least one, at most "until lifted". */
export const durationMinutes = z.coerce
  .number('Choose a duration.')
  .int('Whole minutes only.')
  .min(1, 'At least one minute.')
  .max(BAN_UNTIL_LIFTED_MINUTES, 'Longer than the plugin allows.');

/** A row id of ours or the site's (site, message, thread): PostgreSQL's serials start at one. */
export const id = z.coerce.number().int().positive();

/** A Better Messages user: guests have negative ids, so only zero (no one chosen) is refused. */
export const bmUserId = z.coerce
  .number()
  .int()
  .refine((n) => n !== 0, 'Choose a user.');

/** Why the moderator decided: kept in the audit log, never sent to the site. */
export const reason = z.string().trim().max(500).optional();

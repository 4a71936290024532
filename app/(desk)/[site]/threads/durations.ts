import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';

/** The duration picker's choices; "until I lift it" is the longest the plugin allows. */
export const DURATIONS = [
  { label: '1 hour', minutes: 60 },
  { label: '2 hours', minutes: 120 },
  { label: '1 day', minutes: 1440 },
  { label: '7 days', minutes: 7 * 1440 },
  { label: '30 days', minutes: 30 * 1440 },
  { label: 'Until I lift it', minutes: BAN_UNTIL_LIFTED_MINUTES },
] as const;

/**
 * The strike ladder in words, and which step it suggests. Plain module: the settings page's
 * ladder editor (in the browser) and the person page both use it.
 */
import type { LadderStep } from './constants';

export const LADDER_ACTIONS: LadderStep['action'][] = ['warning', 'mute', 'ban', 'site_mute', 'site_ban'];

export const LADDER_ACTION_WORDS: Record<LadderStep['action'], string> = {
  warning: 'Warning',
  mute: 'Mute',
  ban: 'Ban',
  site_mute: 'Site mute',
  site_ban: 'Site ban',
};

/** Most steps a ladder may have. */
export const MAX_LADDER_STEPS = 10;

const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "1 day", "7 days", "2 hours", "90 minutes". */
export function durationWords(minutes: number): string {
  if (minutes % 1440 === 0) return unit(minutes / 1440, 'day');
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
}

/** "Warning", "Mute 1 day", "Ban 7 days", "Site ban", "Mute until lifted". */
export function ladderStepLabel(step: LadderStep): string {
  const words = LADDER_ACTION_WORDS[step.action];
  if (step.action === 'warning') return words;
  if (step.minutes === null)
    return step.action === 'site_ban' || step.action === 'site_mute' ? words : `${words} until lifted`;
  return `${words} ${durationWords(step.minutes)}`;
}

/**
 * The step for someone with `activeStrikes` active strikes: none suggests the first step, one the
 * second, and so on; past the end the last step repeats.
 */
export function chooseLadderStep(
  ladder: readonly LadderStep[],
  activeStrikes: number,
): { step: LadderStep; index: number } {
  if (ladder.length === 0) return { step: { action: 'warning', minutes: null }, index: 0 };
  const index = Math.min(Math.max(0, Math.floor(activeStrikes)), ladder.length - 1);
  return { step: ladder[index]!, index };
}

/** What a ladder step's check finds wrong, in words; null when it is a valid ladder. */
export function ladderProblem(ladder: readonly LadderStep[], maxMinutes: number): string | null {
  if (ladder.length === 0) return 'The ladder needs at least one step.';
  if (ladder.length > MAX_LADDER_STEPS) return `At most ${MAX_LADDER_STEPS} steps.`;
  for (const [i, s] of ladder.entries()) {
    const n = `Step ${i + 1}`;
    if (!LADDER_ACTIONS.includes(s.action)) return `${n}: choose warning, mute, ban, site mute or site ban.`;
    if (s.action === 'warning' && s.minutes !== null) return `${n}: a warning has no duration.`;
    if (s.minutes !== null && (!Number.isInteger(s.minutes) || s.minutes < 1 || s.minutes > maxMinutes)) {
      return `${n}: the duration must be between 1 minute and ${durationWords(maxMinutes)}.`;
    }
  }
  return null;
}

/** What the ladder suggests for one person (suggestNextStep's answer; plain data for any page). */
export type NextStep = {
  step: LadderStep;
  /** 0-based position on the ladder. */
  index: number;
  activeStrikes: number;
  /** "Mute 1 day". */
  label: string;
  /** Steps on the site's ladder (the last repeats). */
  ladderLength: number;
};

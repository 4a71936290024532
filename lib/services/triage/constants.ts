/** Triage words shared by the server and the browser (no zod, no database here). */

export const TRIAGE_STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export const STATUS_LABELS: Record<TriageStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
};

export const TRIAGE_PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
export type TriagePriority = (typeof TRIAGE_PRIORITIES)[number];

export const PRIORITY_LABELS: Record<TriagePriority, string> = {
  urgent: 'Urgent',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'No priority',
};

/** Label colours are tokens drawn from the theme, never free CSS from a form. */
export const LABEL_COLOURS = ['grey', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple'] as const;
export type LabelColour = (typeof LABEL_COLOURS)[number];

export const INBOX_VIEWS = ['mine', 'unassigned', 'open', 'pending', 'snoozed', 'resolved'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const VIEW_LABELS: Record<InboxView, string> = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  open: 'All open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
};

export const INBOX_SORTS = ['waitingSince', 'lastActivityAt', 'priority', 'resolvedAt'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export const DEFAULT_TARGET_MINUTES = 240;

/** Snooze choices, in minutes from now. */
export const SNOOZE_CHOICES = [
  { label: '1 hour', minutes: 60 },
  { label: '4 hours', minutes: 240 },
  { label: '1 day', minutes: 1440 },
  { label: '1 week', minutes: 10080 },
] as const;

/** "3 h 12 m", "2 d 4 h", "45 m", "< 1 m". */
export function formatWaiting(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return '< 1 m';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return `${h} h ${m} m`;
  return `${m} m`;
}

/** Fills a canned reply's variables; unknown ones stay as typed. */
export function fillCannedReply(
  body: string,
  vars: { memberName: string; siteName: string; agentName: string },
): string {
  const values: Record<string, string> = {
    'member.name': vars.memberName,
    'site.name': vars.siteName,
    'agent.name': vars.agentName,
  };
  return body.replace(/\{(member\.name|site\.name|agent\.name)\}/g, (_, key: string) => values[key] ?? '');
}

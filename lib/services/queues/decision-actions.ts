/**
 * The audited names of the decisions that take an item out of a queue (the single actions of the
 * reports and pending desks; bulk decisions and rules are audited under the same names). A plain
 * module: the audit desk's URL filter (`?decisions=queue`) parses it in code the browser runs too.
 */
export const QUEUE_DECISION_ACTIONS = {
  report: [
    'dismissReports',
    'deleteReportedMessage',
    'banReportedSender',
    'muteReportedSender',
    'blacklistReportedSender',
  ],
  pending: ['approvePendingMessage', 'rejectPendingMessage', 'trustPendingSender', 'distrustPendingSender'],
} as const;

export type QueueDecisionAction =
  (typeof QUEUE_DECISION_ACTIONS.report)[number] | (typeof QUEUE_DECISION_ACTIONS.pending)[number];

export const ALL_QUEUE_DECISION_ACTIONS: readonly QueueDecisionAction[] = [
  ...QUEUE_DECISION_ACTIONS.report,
  ...QUEUE_DECISION_ACTIONS.pending,
];

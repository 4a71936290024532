/**
 * How an action attempt ended, as the audit log records it. A plain module: the audit desk's
 * URL filter parses these in code that also runs in the browser, away from the Drizzle schema.
 */
export const AUDIT_OUTCOMES = ['ok', 'partial', 'refused', 'failed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

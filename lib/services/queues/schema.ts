import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who decided on a queue item. The primary key makes a decision happen once: when two
 * moderators act on the same report set or pending message at the same moment, the second
 * insert finds the row and is told who already handled it.
 */
export const queueClaims = pgTable(
  'queue_claims',
  {
    siteId: integer('site_id').notNull(),
    kind: text('kind', { enum: ['report', 'pending'] }).notNull(),
    messageId: integer('message_id').notNull(),
    /** The reports (reporters and times) or pending state the decision was about. */
    fingerprint: text('fingerprint').notNull(),
    memberId: integer('member_id').notNull(),
    memberName: text('member_name').notNull(),
    decision: text('decision').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.kind, t.messageId, t.fingerprint] })],
);

/**
 * How many reports were open and how many messages were waiting, per site and hour, as the
 * index saw them after a sync turn. The plugin keeps no history; the overview draws this.
 */
export const queueCountSnapshots = pgTable(
  'queue_count_snapshots',
  {
    siteId: integer('site_id').notNull(),
    /** The start of the UTC hour. */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    openReports: integer('open_reports').notNull(),
    pending: integer('pending').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour] })],
);

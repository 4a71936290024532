import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { at, memberRef, siteId } from '@/lib/infra/db/columns';

export const RULE_MODES = ['off', 'dry-run', 'on'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

/** A site's rule: when `conditions` (a typed tree, validated with zod) then `actions`. */
export const rules = pgTable(
  'rules',
  {
    id: serial('id').primaryKey(),
    siteId: siteId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    mode: text('mode', { enum: RULE_MODES }).notNull().default('off'),
    /** The condition tree (see lib/services/rules/conditions.ts). */
    conditions: jsonb('conditions').$type<unknown>().notNull(),
    /** The actions, in order (see lib/services/rules/actions-schema.ts). */
    actions: jsonb('actions').$type<unknown[]>().notNull().default([]),
    /** Seconds during which a sender matched once is not acted on again by this rule. */
    cooldownSeconds: integer('cooldown_seconds').notNull().default(300),
    /** The site's roles this rule never acts on (e.g. 'administrator', 'editor'). */
    exemptRoles: jsonb('exempt_roles').$type<string[]>().notNull().default([]),
    /** Evaluated on: new messages, pending messages, reports. */
    triggers: jsonb('triggers').$type<string[]>().notNull().default(['message']),
    /** Who switched it to dry run or on, and when: the audit names them beside the rule. */
    switchedBy: memberRef('switched_by'),
    switchedAt: at('switched_at'),
    /** Why BM Desk switched it off by itself (an error), shown on the rules page. */
    error: text('error'),
    errorAt: at('error_at'),
    createdBy: memberRef('created_by'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('rules_site').on(t.siteId, t.mode)],
);

/** One time a rule matched (in dry run: what it would have done). */
export const ruleMatches = pgTable(
  'rule_matches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    siteId: siteId(),
    /** message | pending | report */
    trigger: text('trigger').notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    senderId: bigint('sender_id', { mode: 'number' }).notNull(),
    at: at('at').notNull().defaultNow(),
    dryRun: boolean('dry_run').notNull(),
    /** Skipped by the sender's cooldown, a protected account or an exempt role (recorded, not acted on). */
    skipped: text('skipped'),
    /** Each action with what happened: [{ type, outcome: 'ok'|'would'|'failed'|'skipped', message?, auditId? }]. */
    outcomes: jsonb('outcomes').$type<Record<string, unknown>[]>().notNull().default([]),
    /** Why it matched, for the page: which condition and what (e.g. the word found). */
    because: jsonb('because').$type<Record<string, unknown>[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex('rule_matches_once').on(t.ruleId, t.trigger, t.messageId),
    index('rule_matches_rule_at').on(t.ruleId, t.at),
    index('rule_matches_sender').on(t.ruleId, t.senderId, t.at),
    index('rule_matches_site_at').on(t.siteId, t.at),
    // What was recorded for a pass's messages (rules/pass.ts, preloadRead): without it, a pass
    // that asks read every match of the site (seconds at a million).
    index('rule_matches_message').on(t.siteId, t.messageId),
  ],
);

/**
 * How far the rules have read the index, per site. Starts at the highest id indexed when the
 * site's first rule is saved (never on history); reports are evaluated when a message's count grows.
 */
export const rulesCursor = pgTable('rules_cursor', {
  siteId: siteId().primaryKey(),
  /** Every message id at or below this has been evaluated (or predates the rules). */
  messageId: bigint('message_id', { mode: 'number' }).notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** The report count a message had when the rules last saw it. */
export const rulesReportMarks = pgTable(
  'rules_report_marks',
  {
    siteId: siteId(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    reportCount: integer('report_count').notNull(),
    pendingSeen: boolean('pending_seen').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.messageId] }), index('rules_report_marks_site').on(t.siteId)],
);

/** The list of messages BM Desk's own review queue holds (a rule's "send to review"). */
export const reviewItems = pgTable(
  'review_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    senderId: bigint('sender_id', { mode: 'number' }).notNull(),
    ruleId: integer('rule_id'),
    ruleName: text('rule_name'),
    createdAt: at('created_at').notNull().defaultNow(),
    decidedAt: at('decided_at'),
    decidedBy: memberRef('decided_by'),
    decision: text('decision'),
  },
  (t) => [
    uniqueIndex('review_items_message').on(t.siteId, t.messageId),
    index('review_items_open')
      .on(t.siteId, t.createdAt)
      .where(sql`${t.decidedAt} IS NULL`),
  ],
);

/**
 * Telling members why (issue 18): the site's reasons, every moderation decision as a statement
 * of reasons (a strike when the member was told), the notices sent on the site by the site's
 * moderation account, the member's appeals, and "content is OK" marks on reported messages.
 * All of it is BM Desk's own record; the site only ever sees the notices as private messages.
 */
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
import { supportAccounts } from '@/lib/services/triage/schema';
import {
  APPEAL_STATUSES,
  DECISION_GROUNDS,
  DECISION_KINDS,
  NOTICE_KINDS,
  NOTICE_STATUSES,
  STRIKE_STATUSES,
  type LadderStep,
} from './constants';
import { at, memberRef, siteId } from '@/lib/infra/db/columns';

/** A site's list of reasons; admins manage it, every decision picks one. */
export const moderationReasons = pgTable(
  'moderation_reasons',
  {
    id: serial('id').primaryKey(),
    siteId: siteId(),
    /** Short and stable, e.g. "spam"; shown in exports. */
    code: text('code').notNull(),
    title: text('title').notNull(),
    /** What the member reads in the notice. */
    memberText: text('member_text').notNull(),
    /** Whether a decision with this reason tells the member by default. */
    notify: boolean('notify').notNull().default(true),
    /** The ground of the statement of reasons: the site's terms, or the law. */
    ground: text('ground', { enum: DECISION_GROUNDS }).notNull().default('terms'),
    /** The clause of the terms or the law relied on (free text, optional). */
    groundReference: text('ground_reference'),
    position: integer('position').notNull().default(0),
    /** Archived reasons stay on past decisions but are no longer offered. */
    archivedAt: at('archived_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('moderation_reasons_site_code_key').on(t.siteId, sql`lower(${t.code})`)],
);

/** Per-site settings of notices, strikes, appeals and reporter feedback. */
export const moderationSettings = pgTable('moderation_settings', {
  siteId: siteId().primaryKey(),
  /** The support account notices are sent as; null (or one without a password) = notices off. */
  moderationAccountId: integer('moderation_account_id').references(() => supportAccounts.id, {
    onDelete: 'set null',
  }),
  /** A member may appeal a strike within this many days of its notice. */
  appealDays: integer('appeal_days').notNull().default(14),
  /** A strike counts towards the ladder for this many days, then is expired. */
  strikeDays: integer('strike_days').notNull().default(90),
  /** The steps suggested for the 1st, 2nd, … active strike; the last repeats. */
  ladder: jsonb('ladder').$type<LadderStep[]>(),
  /** Tell reporters when their report is acted on or dismissed. */
  reporterFeedback: boolean('reporter_feedback').notNull().default(false),
  reporterTextActed: text('reporter_text_acted'),
  reporterTextKept: text('reporter_text_kept'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * One moderation decision: the statement of reasons. With a notice sent (or tried) it is a
 * strike on the person page. Copies of the reason's code and title survive the reason's edits.
 */
export const moderationDecisions = pgTable(
  'moderation_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    kind: text('kind', { enum: DECISION_KINDS }).notNull(),
    /** The member decided about (null when unknown, e.g. a report dismissed on a deleted sender). */
    subjectUserId: bigint('subject_user_id', { mode: 'number' }),
    subjectName: text('subject_name'),
    threadIds: bigint('thread_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    messageIds: bigint('message_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    reasonId: integer('reason_id').references(() => moderationReasons.id, { onDelete: 'set null' }),
    reasonCode: text('reason_code'),
    reasonTitle: text('reason_title'),
    /** The moderator's own words, added to the reason's text in the notice. */
    freeText: text('free_text'),
    ground: text('ground', { enum: DECISION_GROUNDS }),
    groundReference: text('ground_reference'),
    /** Taken by a rule (not a person). */
    automated: boolean('automated').notNull().default(false),
    ruleId: integer('rule_id'),
    actorMemberId: memberRef('actor_member_id'),
    actorName: text('actor_name').notNull(),
    /** The audit row of the call that carried it out. */
    auditId: bigint('audit_id', { mode: 'number' }),
    /** Until when the restriction holds; null = no end (or not a restriction in time). */
    endsAt: at('ends_at'),
    /** A notice was asked for: the decision counts as a strike. */
    strike: boolean('strike').notNull().default(false),
    status: text('status', { enum: STRIKE_STATUSES }).notNull().default('active'),
    overturnedAt: at('overturned_at'),
    /** Set when it was decided from a queue: when the item had entered it (time to decision). */
    queuedAt: at('queued_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('moderation_decisions_site_created').on(t.siteId, t.createdAt),
    index('moderation_decisions_site_subject').on(t.siteId, t.subjectUserId, t.createdAt),
  ],
);

/** A message BM Desk sent (or tried to send) on the site as the moderation account. */
export const moderationNotices = pgTable(
  'moderation_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
    decisionId: bigint('decision_id', { mode: 'number' }).references(() => moderationDecisions.id, {
      onDelete: 'cascade',
    }),
    appealId: bigint('appeal_id', { mode: 'number' }),
    recipientUserId: bigint('recipient_user_id', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: NOTICE_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The site's words when it refused, or why notices are off. */
    error: text('error'),
    /** The site's thread that carries it (a member's answer there is an appeal) and the message. */
    threadId: bigint('thread_id', { mode: 'number' }),
    messageId: bigint('message_id', { mode: 'number' }),
    createdAt: at('created_at').notNull().defaultNow(),
    sentAt: at('sent_at'),
  },
  (t) => [
    index('moderation_notices_decision').on(t.decisionId),
    index('moderation_notices_thread').on(t.siteId, t.threadId),
    index('moderation_notices_retry')
      .on(t.status, t.createdAt)
      .where(sql`${t.status} in ('pending', 'failed')`),
  ],
);

/** A member contests a strike by answering its notice: one appeal per strike. */
export const appeals = pgTable(
  'appeals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => moderationDecisions.id, { onDelete: 'cascade' }),
    /** The notice's thread on the site, also the inbox conversation. */
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    memberUserId: bigint('member_user_id', { mode: 'number' }).notNull(),
    /** The member's first answer. */
    messageId: bigint('message_id', { mode: 'number' }),
    messageText: text('message_text'),
    status: text('status', { enum: APPEAL_STATUSES }).notNull().default('open'),
    openedAt: at('opened_at').notNull().defaultNow(),
    decidedAt: at('decided_at'),
    decidedBy: memberRef('decided_by'),
    decidedByName: text('decided_by_name'),
    reasonId: integer('reason_id').references(() => moderationReasons.id, { onDelete: 'set null' }),
    freeText: text('free_text'),
    /** What overturning could and could not reverse, in words. */
    reversal: jsonb('reversal').$type<{ reversed: string[]; notReversed: string[] }>(),
    auditId: bigint('audit_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('appeals_decision_key').on(t.decisionId),
    index('appeals_site_status').on(t.siteId, t.status, t.openedAt),
    index('appeals_site_thread').on(t.siteId, t.threadId),
  ],
);

/** "Content is OK": later reports of this message are dismissed by BM Desk at once. */
export const contentOkMarks = pgTable(
  'content_ok_marks',
  {
    siteId: siteId(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    markedBy: memberRef('marked_by'),
    markedByName: text('marked_by_name').notNull(),
    note: text('note'),
    autoDismissed: integer('auto_dismissed').notNull().default(0),
    lastAutoDismissedAt: at('last_auto_dismissed_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.messageId] })],
);

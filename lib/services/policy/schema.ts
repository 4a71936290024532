import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { at, memberRef, siteId } from '@/lib/infra/db/columns';

/** ban: banned in every thread; mute: muted in every thread; hold: messages pre-moderated (blacklist). */
export const STANDING_KINDS = ['ban', 'mute', 'hold'] as const;
export type StandingKind = (typeof STANDING_KINDS)[number];

/**
 * A standing decision of BM Desk about one person on one site: applied in every thread they are
 * in, and kept (the sync applies it in threads they join later) until it ends or is lifted.
 */
export const standingDecisions = pgTable(
  'standing_decisions',
  {
    id: serial('id').primaryKey(),
    siteId: siteId(),
    bmUserId: bigint('bm_user_id', { mode: 'number' }).notNull(),
    /** The person's name when decided (the index may lose them). */
    userName: text('user_name'),
    kind: text('kind', { enum: STANDING_KINDS }).notNull(),
    /** Also hold their messages for review (the plugin's blacklist) while it stands. */
    holdMessages: boolean('hold_messages').notNull().default(false),
    reason: text('reason').notNull().default(''),
    startsAt: at('starts_at').notNull().defaultNow(),
    /** null: until lifted. */
    endsAt: at('ends_at'),
    createdBy: memberRef('created_by'),
    /** Set when a rule took it (rules.id; no foreign key: a rule may be deleted, the decision stays). */
    createdByRule: integer('created_by_rule'),
    createdAt: at('created_at').notNull().defaultNow(),
    /** The job that applied it at once in the threads they were in. */
    applyJobId: bigint('apply_job_id', { mode: 'number' }),
    /** Ended (by its end time or by hand); what was applied is being or has been lifted. */
    endedAt: at('ended_at'),
    endedBy: memberRef('ended_by'),
    endReason: text('end_reason'),
    /** Everything it applied has been lifted on the site. */
    liftedAt: at('lifted_at'),
    liftError: text('lift_error'),
    lastEnforcedAt: at('last_enforced_at'),
  },
  (t) => [
    index('standing_decisions_active')
      .on(t.siteId, t.bmUserId)
      .where(sql`${t.endedAt} IS NULL`),
    index('standing_decisions_unlifted')
      .on(t.siteId, t.endsAt)
      .where(sql`${t.liftedAt} IS NULL`),
    index('standing_decisions_site').on(t.siteId, t.createdAt),
  ],
);

/** What a standing decision applied on the site, so its end lifts exactly that (thread 0: the blacklist). */
export const standingApplied = pgTable(
  'standing_applied',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => standingDecisions.id, { onDelete: 'cascade' }),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    /** ban | mute | blacklist */
    what: text('what').notNull(),
    appliedAt: at('applied_at').notNull().defaultNow(),
    /** The audit row of the call that applied it. */
    auditId: bigint('audit_id', { mode: 'number' }),
    liftedAt: at('lifted_at'),
    liftError: text('lift_error'),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.threadId, t.what] })],
);

/**
 * People an admin marked protected on a site (beyond those protected by position: the site's
 * administrators, its support accounts and the connected account). No standing decision, no rule.
 */
export const protectedAccounts = pgTable(
  'protected_accounts',
  {
    siteId: siteId(),
    bmUserId: bigint('bm_user_id', { mode: 'number' }).notNull(),
    reason: text('reason').notNull().default(''),
    markedBy: memberRef('marked_by'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.bmUserId] })],
);

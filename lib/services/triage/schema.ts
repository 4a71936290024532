/**
 * Support-team state, kept in BM Desk's own database and never written to the site: which
 * threads the team works as conversations, their status, priority, assignee and labels,
 * private notes, canned replies, saved views, and the site's support accounts.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { members, sites } from '@/lib/infra/db/schema';
import { TRIAGE_PRIORITIES, TRIAGE_STATUSES } from './constants';
import { at, memberRef, siteId } from '@/lib/infra/db/columns';

/**
 * A WordPress user of the site who answers for the team ("Support"). Their messages answer
 * the site's users; with an application password, BM Desk can reply as them.
 */
export const supportAccounts = pgTable(
  'support_accounts',
  {
    id: serial('id').primaryKey(),
    siteId: siteId(),
    bmUserId: bigint('bm_user_id', { mode: 'number' }).notNull(),
    /** The WordPress login the application password belongs to. */
    username: text('username').notNull(),
    name: text('name').notNull(),
    /** AES-256-GCM sealed application password (lib/secrets); null = replying is off. Never selected for pages. */
    sealedPassword: text('sealed_password'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('support_accounts_site_user_key').on(t.siteId, t.bmUserId)],
);

/** Per-site triage settings, and how far the triage state has caught up with the index. */
export const triageSettings = pgTable('triage_settings', {
  siteId: siteId().primaryKey(),
  /** A conversation waiting longer than this shows red. */
  targetMinutes: integer('target_minutes').notNull().default(240),
  /**
   * The index's latest activity the triage state has caught up with; later passes look only at
   * threads active since (a margin before) it. Null: look at every thread (first pass, support
   * accounts changed).
   */
  caughtUpTo: at('caught_up_to'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** One thread the team works on. Keyed by the site's own thread id. */
export const triageConversations = pgTable(
  'triage_conversations',
  {
    siteId: siteId(),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    /** 'participant': a support account takes part; 'manual': a member added it. */
    source: text('source', { enum: ['participant', 'manual'] }).notNull(),
    status: text('status', { enum: TRIAGE_STATUSES }).notNull().default('open'),
    /** When the status last changed: a user message after it reopens a resolved, pending or snoozed one. */
    statusChangedAt: at('status_changed_at').notNull().defaultNow(),
    /**
     * The thread's last message BM Desk had seen when the status was set: a user message with a
     * higher id is new to whoever set it (times alone are whole seconds in the index).
     */
    statusSeenMessageId: bigint('status_seen_message_id', { mode: 'number' }),
    snoozedUntil: at('snoozed_until'),
    priority: text('priority', { enum: TRIAGE_PRIORITIES }).notNull().default('none'),
    assigneeId: memberRef('assignee_id'),
    team: text('team'),
    /** The oldest user message no support account answered after it; null = nobody waits. */
    waitingSince: at('waiting_since'),
    /** The first user message, and the first support answer after it. */
    firstUserMessageAt: at('first_user_message_at'),
    firstResponseAt: at('first_response_at'),
    lastUserMessageAt: at('last_user_message_at'),
    resolvedAt: at('resolved_at'),
    reopenedCount: integer('reopened_count').notNull().default(0),
    /**
     * The index's thread as last computed from (its last message id and its count of messages not
     * held by pre-moderation): a different one means recompute.
     */
    seenMessageId: bigint('seen_message_id', { mode: 'number' }),
    seenMessageCount: integer('seen_message_count'),
    addedBy: memberRef('added_by'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  // The inbox's first page reads these in order: (view, sort, tie-break) for one site or all.
  (t) => [
    primaryKey({ columns: [t.siteId, t.threadId] }),
    index('triage_conversations_site_status_waiting').on(t.siteId, t.status, t.waitingSince, t.threadId),
    index('triage_conversations_status_waiting').on(t.status, t.waitingSince, t.threadId),
    index('triage_conversations_site_status_resolved').on(
      t.siteId,
      t.status,
      t.resolvedAt.desc().nullsLast(),
      t.threadId.desc().nullsFirst(),
    ),
    index('triage_conversations_status_resolved').on(
      t.status,
      t.resolvedAt.desc().nullsLast(),
      t.threadId.desc().nullsFirst(),
    ),
    index('triage_conversations_assignee').on(t.assigneeId, t.status, t.waitingSince, t.threadId),
    index('triage_conversations_snoozed')
      .on(t.snoozedUntil)
      .where(sql`${t.status} = 'snoozed'`),
    index('triage_conversations_unseen')
      .on(t.siteId)
      .where(sql`${t.seenMessageId} IS NULL`),
  ],
);

/** Labels are the team's: created by admins, shared by every site. */
export const triageLabels = pgTable(
  'triage_labels',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** One of LABEL_COLOURS (a token, not free CSS). */
    colour: text('colour').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('triage_labels_name_key').on(sql`lower(${t.name})`)],
);

export const triageConversationLabels = pgTable(
  'triage_conversation_labels',
  {
    siteId: integer('site_id').notNull(),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    labelId: integer('label_id')
      .notNull()
      .references(() => triageLabels.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.threadId, t.labelId] }),
    index('triage_conversation_labels_label').on(t.labelId),
    foreignKey({
      name: 'triage_conversation_labels_conversation_fk',
      columns: [t.siteId, t.threadId],
      foreignColumns: [triageConversations.siteId, triageConversations.threadId],
    }).onDelete('cascade'),
  ],
);

/** Private notes: seen by the team only, never sent to the site. */
export const triageNotes = pgTable(
  'triage_notes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    memberId: memberRef('member_id'),
    memberName: text('member_name').notNull(),
    body: text('body').notNull(),
    mentions: integer('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('triage_notes_thread').on(t.siteId, t.threadId, t.createdAt)],
);

/** What happened to a conversation in BM Desk (status, assignee, labels…), for its timeline. */
export const triageEvents = pgTable(
  'triage_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    threadId: bigint('thread_id', { mode: 'number' }).notNull(),
    at: at('at').notNull().defaultNow(),
    /** Null when BM Desk did it itself (a snooze woke, a new message reopened). */
    memberId: memberRef('member_id'),
    memberName: text('member_name'),
    kind: text('kind').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('triage_events_thread').on(t.siteId, t.threadId, t.at)],
);

/** A member was mentioned in a note (or another thing to tell them). */
export const memberNotifications = pgTable(
  'member_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['mention', 'alert'] }).notNull(),
    siteId: siteId(),
    /** The conversation of a mention; null for an alert. */
    threadId: bigint('thread_id', { mode: 'number' }),
    /** The alert (lib/services/alerts) this tells of. */
    alertId: bigint('alert_id', { mode: 'number' }),
    noteId: bigint('note_id', { mode: 'number' }).references(() => triageNotes.id, { onDelete: 'cascade' }),
    actorName: text('actor_name').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    readAt: at('read_at'),
  },
  (t) => [index('member_notifications_member').on(t.memberId, t.readAt, t.createdAt)],
);

/** Answers the team reuses; `{member.name}`, `{site.name}` and `{agent.name}` are filled in. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: serial('id').primaryKey(),
    /** What follows `/` in the composer. */
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('canned_replies_shortcut_key').on(sql`lower(${t.shortcut})`)],
);

/** An inbox filter set from the URL, saved by name for its owner or the whole team. */
export const savedInboxViews = pgTable(
  'saved_inbox_views',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** Null: the inbox across all sites. */
    siteId: integer('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    shared: boolean('shared').notNull().default(false),
    /** The search string of the inbox URL (view, filters, sort). */
    query: text('query').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('saved_inbox_views_member').on(t.memberId)],
);

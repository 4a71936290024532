/**
 * Our own index of each site: the plugin has no site-wide thread or attachment list, so
 * filtering, full-text search and attachment review run over these tables (kept by the sync
 * worker). Every table is keyed (site_id, id) with the site's own ids; rows go when the site does.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { at, siteId } from '@/lib/infra/db/columns';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const bmId = (name: string) => bigint(name, { mode: 'number' });

export interface IndexedReport {
  reporterBmUserId: number;
  reporterName: string | null;
  category: string;
  description: string;
  /** ISO instant (site-local text converted with the site's offset when known). */
  time: string | null;
}

export interface IndexedFile {
  url: string;
  /** Filled once the thread's attachment list has been read. */
  id?: number;
  name?: string;
}

export interface Restriction {
  bmUserId: number;
  until: string;
}

export const indexMessages = pgTable(
  'site_index_messages',
  {
    siteId: siteId(),
    id: bmId('id').notNull(),
    threadId: bmId('thread_id').notNull(),
    senderId: bmId('sender_id').notNull(),
    /** The other participant of a 1:1 thread. */
    receiverId: bmId('receiver_id'),
    createdAt: at('created_at').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    pending: boolean('pending').notNull().default(false),
    reports: jsonb('reports').$type<IndexedReport[]>().notNull().default([]),
    reportCount: integer('report_count').notNull().default(0),
    aiFlagged: boolean('ai_flagged').notNull().default(false),
    attachments: jsonb('attachments').$type<IndexedFile[]>().notNull().default([]),
    attachmentCount: integer('attachment_count').notNull().default(0),
    // 'simple': no stemming or stop words, so any language's words stay findable as typed.
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('simple', ${indexMessages.text})`),
    syncedAt: at('synced_at').notNull().defaultNow(),
    /** What the messages desk and the rules filter on, kept by the database from the text. */
    hasLink: boolean('has_link')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`${indexMessages.text} ~* '(https?://|www\\.)[^[:space:]]'`),
    hasEmail: boolean('has_email')
      .notNull()
      .generatedAlwaysAs(
        (): SQL => sql`${indexMessages.text} ~* '[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}'`,
      ),
    hasPhone: boolean('has_phone')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`${indexMessages.text} ~ '\\+?[0-9][0-9 ().-]{6,}[0-9]'`),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('site_index_messages_thread').on(t.siteId, t.threadId, t.id),
    index('site_index_messages_sender').on(t.siteId, t.senderId, t.id),
    index('site_index_messages_created').on(t.siteId, t.createdAt),
    index('site_index_messages_pending')
      .on(t.siteId, t.id)
      .where(sql`${t.pending}`),
    index('site_index_messages_reported')
      .on(t.siteId, t.id)
      .where(sql`${t.reportCount} > 0 OR ${t.aiFlagged}`),
    index('site_index_messages_tsv').using('gin', t.tsv),
    // The messages desk sorted by reports or by files, newest first within each count.
    index('site_index_messages_report_count').on(t.siteId, t.reportCount, t.id),
    index('site_index_messages_attachment_count').on(t.siteId, t.attachmentCount, t.id),
    index('site_index_messages_link')
      .on(t.siteId, t.id)
      .where(sql`${t.hasLink}`),
    index('site_index_messages_email')
      .on(t.siteId, t.id)
      .where(sql`${t.hasEmail}`),
    index('site_index_messages_phone')
      .on(t.siteId, t.id)
      .where(sql`${t.hasPhone}`),
  ],
);

/**
 * Every word (lexeme of `tsv`) a site's messages have ever had, kept by triggers on
 * site_index_messages (migration 0017): the messages desk turns a typed prefix into the exact
 * words it stands for, which the word index looks up several times faster than a prefix. Words
 * no message has any more stay (they match nothing). Compared byte by byte, as the word index
 * matches a prefix.
 */
export const indexLexemes = pgTable(
  'site_index_lexemes',
  {
    siteId: siteId(),
    lexeme: text('lexeme').notNull(),
  },
  (t) => [uniqueIndex('site_index_lexemes_prefix').on(t.siteId, t.lexeme.op('text_pattern_ops'))],
);

export const indexThreads = pgTable(
  'site_index_threads',
  {
    siteId: siteId(),
    id: bmId('id').notNull(),
    /** thread | group | chat-room | course; null until details are read. */
    type: text('type'),
    subject: text('subject'),
    participants: integer('participants')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    moderators: integer('moderators')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    participantCount: integer('participant_count').notNull().default(0),
    firstActivityAt: at('first_activity_at'),
    lastActivityAt: at('last_activity_at'),
    lastMessageId: bmId('last_message_id'),
    messageCount: integer('message_count').notNull().default(0),
    reportedCount: integer('reported_count').notNull().default(0),
    pendingCount: integer('pending_count').notNull().default(0),
    attachmentCount: integer('attachment_count').notNull().default(0),
    bans: jsonb('bans').$type<Restriction[]>().notNull().default([]),
    mutes: jsonb('mutes').$type<Restriction[]>().notNull().default([]),
    banCount: integer('ban_count').notNull().default(0),
    muteCount: integer('mute_count').notNull().default(0),
    detailsSyncedAt: at('details_synced_at'),
    /** last_message_id when details were read: a newer message makes them stale. */
    detailsMessageId: bmId('details_message_id'),
    detailsError: text('details_error'),
    /** The site answered "no such thread": kept for its messages' sake, not asked again. */
    gone: boolean('gone').notNull().default(false),
    /**
     * Every word of the thread's messages (lexemes without positions), recomputed with the
     * counts: text search finds threads here instead of reading every matching message.
     */
    tsv: tsvector('tsv'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('site_index_threads_last_activity').on(t.siteId, t.lastActivityAt),
    index('site_index_threads_tsv').using('gin', t.tsv),
    // The subject's words, for the same word-prefix search (an ILIKE beside the word list made
    // the planner read every thread).
    index('site_index_threads_subject_words').using(
      'gin',
      sql`to_tsvector('simple', coalesce(${t.subject}, ''))`,
    ),
    index('site_index_threads_participants').using('gin', t.participants),
    index('site_index_threads_details').on(t.siteId, t.detailsSyncedAt),
    // Threads whose details are due (never read, or older than their last message): the sync's
    // queue, nearly empty once the index has caught up, so idle turns do not scan every thread.
    index('site_index_threads_details_due')
      .on(t.siteId, t.lastActivityAt.desc().nullsLast(), t.id.desc())
      .where(
        sql`NOT ${t.gone} AND (${t.detailsSyncedAt} IS NULL OR ${t.lastMessageId} > COALESCE(${t.detailsMessageId}, 0))`,
      ),
  ],
);

export const indexUsers = pgTable(
  'site_index_users',
  {
    siteId: siteId(),
    /** bmUserId: negative = guest, 0 = system. */
    id: bmId('id').notNull(),
    name: text('name').notNull(),
    avatar: text('avatar'),
    isGuest: boolean('is_guest').notNull().default(false),
    messageCount: integer('message_count').notNull().default(0),
    threadCount: integer('thread_count').notNull().default(0),
    reportedCount: integer('reported_count').notNull().default(0),
    lastMessageAt: at('last_message_at'),
    seenAt: at('seen_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('site_index_users_name').on(t.siteId, sql`lower(${t.name})`),
  ],
);

export const indexAttachments = pgTable(
  'site_index_attachments',
  {
    siteId: siteId(),
    id: bmId('id').notNull(),
    messageId: bmId('message_id'),
    threadId: bmId('thread_id').notNull(),
    uploaderId: bmId('uploader_id'),
    name: text('name'),
    mime: text('mime'),
    ext: text('ext'),
    size: bigint('size', { mode: 'number' }),
    url: text('url').notNull(),
    thumb: text('thumb'),
    date: at('date'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('site_index_attachments_thread').on(t.siteId, t.threadId),
    index('site_index_attachments_message').on(t.siteId, t.messageId),
    index('site_index_attachments_date').on(t.siteId, t.date),
  ],
);

/** New ids [floor, top] found at once (after a stop, or a burst); [floor, cursor) is still to read. */
export interface CatchUpRange {
  floor: number;
  cursor: number;
  top: number;
}

export const SYNC_STATUSES = [
  'new',
  'backfilling',
  'catching-up',
  'syncing',
  'idle',
  'backing-off',
  'error',
] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const syncState = pgTable('site_index_sync_state', {
  siteId: siteId().primaryKey(),
  /** Highest message id indexed (ids above it are new). */
  highestId: bmId('highest_id'),
  /** Every id in [backfill_cursor, highest_id] is covered, except the catch-up ranges; backfill is done at 1. */
  backfillCursor: bmId('backfill_cursor'),
  /** Gaps of new ids too large to walk, read newest first by the backfill's lanes. */
  catchUp: jsonb('catch_up').$type<CatchUpRange[]>().notNull().default([]),
  /** Where the rolling re-read of old ranges (edits, deletions) goes next. */
  reconcileCursor: bmId('reconcile_cursor'),
  reconcilePassStartedAt: at('reconcile_pass_started_at'),
  totalEstimate: integer('total_estimate'),
  siteReported: integer('site_reported'),
  sitePending: integer('site_pending'),
  status: text('status', { enum: SYNC_STATUSES }).notNull().default('new'),
  lastError: text('last_error'),
  lastErrorKind: text('last_error_kind'),
  lastErrorAt: at('last_error_at'),
  failures: integer('failures').notNull().default(0),
  nextAttemptAt: at('next_attempt_at'),
  messagesPerSecond: real('messages_per_second'),
  callsPerMinute: real('calls_per_minute'),
  avgAnswerMs: real('avg_answer_ms'),
  batchSize: integer('batch_size').notNull().default(200),
  /** Per-site settings. */
  concurrency: integer('concurrency').notNull().default(2),
  intervalSeconds: integer('interval_seconds').notNull().default(15),
  reconcileDays: real('reconcile_days').notNull().default(7),
  /** Images larger than this are not downloaded for perceptual hashing (recorded as skipped). */
  hashMaxBytes: integer('hash_max_bytes').notNull().default(10_485_760),
  backfillStartedAt: at('backfill_started_at'),
  backfillFinishedAt: at('backfill_finished_at'),
  lastIncrementalAt: at('last_incremental_at'),
  syncRequestedAt: at('sync_requested_at'),
  /** Which process syncs the site now (host:pid), for the progress page. */
  owner: text('owner'),
  heartbeatAt: at('heartbeat_at'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export type SyncStateRow = typeof syncState.$inferSelect;

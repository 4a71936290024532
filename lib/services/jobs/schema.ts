import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { members, sites } from '@/lib/infra/db/schema';

export const JOB_STATUSES = ['queued', 'running', 'done', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * pending: not started. running: claimed by a worker (`lockedBy`, until `lockedUntil`); a worker
 * that died leaves it here, and the next one checks the site before calling again.
 * done / failed (the site's words in `error`) / gone (the thread or message no longer exists) /
 * cancelled (the job was cancelled before it ran).
 */
export const JOB_ITEM_STATUSES = ['pending', 'running', 'done', 'failed', 'gone', 'cancelled'] as const;
export type JobItemStatus = (typeof JOB_ITEM_STATUSES)[number];

/** A long action (ban everywhere, a bulk decision …), run by the server, one row per item. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** What it does, e.g. 'restrictEverywhere'; the runner's registry knows how. */
    kind: text('kind').notNull(),
    /** What the tray shows, e.g. "Ban Noah Khan in 2,000 threads". */
    label: text('label').notNull(),
    /** The action's parameters shared by every item (the person, the duration, the reason). */
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    memberId: integer('member_id').references(() => members.id, { onDelete: 'set null' }),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    total: integer('total').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    cancelledBy: integer('cancelled_by'),
  },
  (t) => [
    index('jobs_member').on(t.memberId, t.createdAt),
    index('jobs_open')
      .on(t.status)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);

export const jobItems = pgTable(
  'job_items',
  {
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The item, as the job kind reads it (a thread id, a message id …). */
    key: text('key').notNull(),
    label: text('label').notNull(),
    status: text('status', { enum: JOB_ITEM_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    code: text('code'),
    error: text('error'),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.seq] }),
    index('job_items_open')
      .on(t.jobId, t.seq)
      .where(sql`${t.status} in ('pending', 'running')`),
  ],
);

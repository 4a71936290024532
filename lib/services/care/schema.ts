import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { members, sites } from '@/lib/infra/db/schema';

/**
 * Reported or flagged media a member revealed, one row per member, day and item: the exposure
 * counter counts today's rows (an item revealed twice counts once).
 */
export const mediaExposures = pgTable(
  'media_exposures',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The member's day (UTC). */
    day: date('day', { mode: 'string' }).notNull(),
    /** Which item, e.g. "3:attachment:812" or "3:message:4410". */
    item: text('item').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.day, t.item] })],
);

export const IMAGE_HASH_STATUSES = ['hashed', 'skipped'] as const;

/** One perceptual hash per indexed image attachment, or why it was skipped. */
export const imageHashes = pgTable(
  'image_hashes',
  {
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    attachmentId: bigint('attachment_id', { mode: 'number' }).notNull(),
    status: text('status', { enum: IMAGE_HASH_STATUSES }).notNull(),
    /** 64-bit perceptual hash, 16 hex digits. */
    hash: text('hash'),
    /** Why it was skipped: not an image, too large, truncated, unreachable … */
    reason: text('reason'),
    /** The removed image it matches (within the distance), if any. */
    matchesRemovedId: integer('matches_removed_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.attachmentId] }),
    index('image_hashes_matches')
      .on(t.siteId)
      .where(sql`${t.matchesRemovedId} is not null`),
  ],
);

/** Every image removed through BM Desk, by its perceptual hash: "matches removed image #N". */
export const removedImages = pgTable(
  'removed_images',
  {
    id: serial('id').primaryKey(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    attachmentId: bigint('attachment_id', { mode: 'number' }),
    hash: text('hash').notNull(),
    name: text('name'),
    removedBy: integer('removed_by'),
    removedAt: timestamp('removed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('removed_images_site').on(t.siteId)],
);

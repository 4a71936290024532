import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { AUDIT_OUTCOMES } from '@/lib/infra/actions/outcomes';
import { ROLES } from '@/lib/infra/auth/roles';
import type { SiteModules } from '@/lib/infra/better-messages/site-modules';

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    disabled: boolean('disabled').notNull().default(false),
    theme: text('theme', { enum: ['system', 'light', 'dark'] })
      .notNull()
      .default('system'),
    /** Show sent images blurred until revealed, so nobody is ambushed by an abusive picture. */
    blurImages: boolean('blur_images').notNull().default(true),
    /** Blurred images and video are also shown in greyscale until revealed. */
    greyscaleMedia: boolean('greyscale_media').notNull().default(true),
    /** Reported or flagged media revealed per day before a break is suggested (never a lock). */
    exposureLimit: integer('exposure_limit').notNull().default(40),
    /** Seconds a queue decision waits, undoable with `z`, before it is sent to the site. */
    undoWindowSeconds: integer('undo_window_seconds').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** Sessions that signed in before this are over (sign-out, password change). */
    sessionsRevokedAt: timestamp('sessions_revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('members_email_key').on(sql`lower(${t.email})`)],
);

export const sites = pgTable(
  'sites',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    username: text('username').notNull(),
    /** AES-256-GCM sealed application password; see lib/infra/secrets. Never selected for pages. */
    sealedPassword: text('sealed_password').notNull(),
    restMode: text('rest_mode', { enum: ['pretty', 'query'] }),
    modules: jsonb('modules').$type<SiteModules>(),
    wpUserName: text('wp_user_name'),
    /** WordPress `gmt_offset` in minutes, from the last good probe: the admin viewer's times are site-local. */
    utcOffsetMinutes: integer('utc_offset_minutes'),
    status: text('status', { enum: ['ok', 'error', 'unknown'] })
      .notNull()
      .default('unknown'),
    statusReason: text('status_reason'),
    statusMessage: text('status_message'),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sites_slug_key').on(t.slug)],
);

/** One row per action attempt, written before the remote call. Append-only (trigger). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    memberId: integer('member_id'),
    memberEmail: text('member_email'),
    memberRole: text('member_role'),
    siteId: integer('site_id'),
    siteName: text('site_name'),
    action: text('action').notNull(),
    target: jsonb('target').$type<Record<string, unknown>>(),
    params: jsonb('params').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_site_idx').on(t.siteId, t.at),
    index('audit_log_member_idx').on(t.memberId, t.at),
  ],
);

/** The outcome of an audit_log row, written after the call. Append-only (trigger). */
export const auditOutcomes = pgTable('audit_outcomes', {
  auditId: bigint('audit_id', { mode: 'number' })
    .primaryKey()
    .references(() => auditLog.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
  code: text('code'),
  message: text('message'),
  durationMs: integer('duration_ms').notNull(),
});

export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_attempts_key_at_idx').on(t.key, t.at)],
);

/** An invitation link to join the team: only a hash of its token is kept; one use, then spent. */
export const invitations = pgTable(
  'invitations',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    invitedBy: integer('invited_by').references(() => members.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedMemberId: integer('accepted_member_id').references(() => members.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('invitations_token_hash_key').on(t.tokenHash)],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { members, sites } from '@/lib/infra/db/schema';
import { at } from '@/lib/infra/db/columns';

export const ALERT_KINDS = ['waiting', 'spike', 'rule', 'sync-failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_CHANNELS = ['in-app', 'email', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** Per-site thresholds, and the site's webhook. */
export const siteAlertSettings = pgTable('site_alert_settings', {
  siteId: integer('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  /** An item waiting longer than this in reports or pending; 0 = off. */
  waitingMinutes: integer('waiting_minutes').notNull().default(60),
  /** Reports in the last hour above this many times the usual hourly rate … */
  spikeFactor: real('spike_factor').notNull().default(3),
  /** … and at least this many. */
  spikeMinReports: integer('spike_min_reports').notNull().default(10),
  /** The sync failing for longer than this; 0 = off. */
  syncFailedMinutes: integer('sync_failed_minutes').notNull().default(30),
  /** Slack- and Discord-compatible JSON receiver; null = no webhook. */
  webhookUrl: text('webhook_url'),
  /** AES-256-GCM sealed HMAC-SHA256 key (lib/infra/secrets). Never selected for pages. */
  sealedWebhookSecret: text('sealed_webhook_secret'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** The SMTP server alerts are e-mailed through (one for BM Desk: the row with id 1). */
export const mailSettings = pgTable('mail_settings', {
  id: integer('id').primaryKey(),
  host: text('host').notNull(),
  port: integer('port').notNull().default(587),
  /** TLS from the start (465); otherwise STARTTLS when offered. */
  secure: boolean('secure').notNull().default(false),
  username: text('username'),
  /** Sealed (lib/infra/secrets). Never selected for pages. */
  sealedPassword: text('sealed_password'),
  fromAddress: text('from_address').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A member's choice of channels; no row = in-app only. */
export const memberAlertPrefs = pgTable('member_alert_prefs', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  inApp: boolean('in_app').notNull().default(true),
  email: boolean('email').notNull().default(false),
  /** Alerts that fire within this many minutes of each other go out as one digest. */
  digestMinutes: integer('digest_minutes').notNull().default(10),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** Something the team should know. `key` makes one condition one alert (no repeats while it holds). */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** A path inside BM Desk (e.g. /demo/reports?…). */
    link: text('link'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alerts_once').on(t.siteId, t.kind, t.key),
    index('alerts_site_at').on(t.siteId, t.createdAt),
  ],
);

/** One alert (or a digest of several) to one member by e-mail or in the app, or to the site's webhook. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ALERT_CHANNELS }).notNull(),
    /** null for the webhook. */
    memberId: integer('member_id').references(() => members.id, { onDelete: 'cascade' }),
    /** pending | sent | failed (gave up) | digested (sent inside another delivery's digest) */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    /** The delivery whose digest carried this one. */
    digestOf: bigint('digest_of', { mode: 'number' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('alert_deliveries_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('alert_deliveries_alert').on(t.alertId),
  ],
);

/**
 * Alert settings: each site's thresholds and webhook, the desk's mail server, each member's
 * channels. Secrets (the webhook's signing key, the mail password) are stored sealed and only
 * ever read back by the delivery loop: pages learn whether one is stored, never what it is.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { seal, unseal } from '@/lib/infra/secrets/seal';
import { mailSettings, memberAlertPrefs, siteAlertSettings } from './schema';

export type Thresholds = {
  waitingMinutes: number;
  spikeFactor: number;
  spikeMinReports: number;
  syncFailedMinutes: number;
};

export const DEFAULT_THRESHOLDS: Thresholds = {
  waitingMinutes: 60,
  spikeFactor: 3,
  spikeMinReports: 10,
  syncFailedMinutes: 30,
};

export type SiteAlertSettingsView = Thresholds & { webhookUrl: string | null; hasWebhookSecret: boolean };

export async function getSiteAlertSettings(siteId: number): Promise<SiteAlertSettingsView> {
  const db = await getDb();
  const [row] = await db.select().from(siteAlertSettings).where(eq(siteAlertSettings.siteId, siteId));
  if (!row) return { ...DEFAULT_THRESHOLDS, webhookUrl: null, hasWebhookSecret: false };
  return {
    waitingMinutes: row.waitingMinutes,
    spikeFactor: row.spikeFactor,
    spikeMinReports: row.spikeMinReports,
    syncFailedMinutes: row.syncFailedMinutes,
    webhookUrl: row.webhookUrl,
    hasWebhookSecret: row.sealedWebhookSecret !== null,
  };
}

export async function saveThresholds(siteId: number, t: Thresholds): Promise<void> {
  const db = await getDb();
  await db
    .insert(siteAlertSettings)
    .values({ siteId, ...t })
    .onConflictDoUpdate({ target: siteAlertSettings.siteId, set: { ...t, updatedAt: new Date() } });
}

/** The webhook's signing key is bound to the receiver's origin: a changed address cannot use it. */
function webhookBinding(url: string) {
  return { purpose: 'alert-webhook-secret' as const, origin: url };
}

/**
 * Sets the webhook. `secret`: a new one; undefined keeps the stored one while the origin stays
 * (another origin without a new secret drops it: the key is never sent where it was not typed for).
 * A null url removes the webhook and its secret.
 */
export async function saveWebhook(siteId: number, url: string | null, secret: string | undefined) {
  const db = await getDb();
  const [row] = await db.select().from(siteAlertSettings).where(eq(siteAlertSettings.siteId, siteId));
  let sealed: string | null = null;
  if (url && secret) sealed = seal(secret, webhookBinding(url));
  else if (url && row?.webhookUrl && row.sealedWebhookSecret) {
    sealed = new URL(row.webhookUrl).origin === new URL(url).origin ? row.sealedWebhookSecret : null;
  }
  const values = { webhookUrl: url, sealedWebhookSecret: url ? sealed : null, updatedAt: new Date() };
  await db
    .insert(siteAlertSettings)
    .values({ siteId, ...values })
    .onConflictDoUpdate({ target: siteAlertSettings.siteId, set: values });
  return { hasSecret: Boolean(url && sealed) };
}

/** The webhook and its key, for the delivery loop only. */
export async function webhookOf(siteId: number): Promise<{ url: string; secret: string | null } | null> {
  const db = await getDb();
  const [row] = await db
    .select({ url: siteAlertSettings.webhookUrl, sealed: siteAlertSettings.sealedWebhookSecret })
    .from(siteAlertSettings)
    .where(eq(siteAlertSettings.siteId, siteId));
  if (!row?.url) return null;
  return { url: row.url, secret: row.sealed ? unseal(row.sealed, webhookBinding(row.url)) : null };
}

// ---- the mail server (one for the desk) ----

export type MailSettingsView = {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  hasPassword: boolean;
  fromAddress: string;
};

/** The password is bound to the server's host and port (in URL form for the seal's binding). */
function mailBinding(host: string, port: number) {
  return { purpose: 'alert-mail-password' as const, origin: `https://${host}:${port}` };
}

export async function getMailSettings(): Promise<MailSettingsView | null> {
  const db = await getDb();
  const [row] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  if (!row) return null;
  return {
    host: row.host,
    port: row.port,
    secure: row.secure,
    username: row.username,
    hasPassword: row.sealedPassword !== null,
    fromAddress: row.fromAddress,
  };
}

export type MailServerInput = {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  /** undefined keeps the stored one (same host and port); '' removes it. */
  password: string | undefined;
  fromAddress: string;
};

export async function saveMailSettings(input: MailServerInput): Promise<{ hasPassword: boolean }> {
  const db = await getDb();
  const [row] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  let sealed: string | null = null;
  if (input.password) sealed = seal(input.password, mailBinding(input.host, input.port));
  else if (input.password === undefined && row?.sealedPassword) {
    // Kept only for the same server: the password is never sent to another host.
    sealed = row.host === input.host && row.port === input.port ? row.sealedPassword : null;
  }
  const values = {
    host: input.host,
    port: input.port,
    secure: input.secure,
    username: input.username,
    sealedPassword: sealed,
    fromAddress: input.fromAddress,
    updatedAt: new Date(),
  };
  await db
    .insert(mailSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: mailSettings.id, set: values });
  return { hasPassword: sealed !== null };
}

export async function removeMailSettings(): Promise<void> {
  const db = await getDb();
  await db.delete(mailSettings).where(eq(mailSettings.id, 1));
}

export type MailServer = Omit<MailSettingsView, 'hasPassword'> & { password: string | null };

/** The mail server with its password, for the delivery loop and the test e-mail only. */
export async function mailServer(): Promise<MailServer | null> {
  const db = await getDb();
  const [row] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  if (!row) return null;
  return {
    host: row.host,
    port: row.port,
    secure: row.secure,
    username: row.username,
    fromAddress: row.fromAddress,
    password: row.sealedPassword ? unseal(row.sealedPassword, mailBinding(row.host, row.port)) : null,
  };
}

// ---- a member's channels ----

export type AlertPrefs = { inApp: boolean; email: boolean; digestMinutes: number };
export const DEFAULT_PREFS: AlertPrefs = { inApp: true, email: false, digestMinutes: 10 };

export async function getAlertPrefs(memberId: number): Promise<AlertPrefs> {
  const db = await getDb();
  const [row] = await db.select().from(memberAlertPrefs).where(eq(memberAlertPrefs.memberId, memberId));
  return row ? { inApp: row.inApp, email: row.email, digestMinutes: row.digestMinutes } : DEFAULT_PREFS;
}

export async function saveAlertPrefs(memberId: number, prefs: AlertPrefs): Promise<void> {
  const db = await getDb();
  await db
    .insert(memberAlertPrefs)
    .values({ memberId, ...prefs })
    .onConflictDoUpdate({ target: memberAlertPrefs.memberId, set: { ...prefs, updatedAt: new Date() } });
}

/**
 * Raising an alert: one row per (site, kind, key), so a condition that holds is told once, and the
 * deliveries it needs (each member's chosen channels, the site's webhook). Database writes only:
 * nothing here talks to a mail server or a webhook (the delivery loop does, lib/services/alerts/deliver),
 * so a rule or a detector may raise alerts in the sync's stride without ever waiting on one.
 * The in-app notification is written at once (it is a row), the rest waits for the loop.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import { memberNotifications } from '@/lib/services/triage/schema';
import { alertDeliveries, alerts, memberAlertPrefs, siteAlertSettings, type AlertKind } from './schema';

export type RaiseAlertInput = {
  siteId: number;
  kind: AlertKind;
  /** One condition, one key: raising the same key again changes nothing. */
  key: string;
  title: string;
  body?: string;
  /** A path inside BM Desk. */
  link?: string;
  payload?: Record<string, unknown>;
};

const MAX_TITLE = 300;
const MAX_BODY = 4000;
const MAX_KEY = 300;

/** The actor name shown on an alert's notification. */
export const ALERT_ACTOR = 'BM Desk';

/**
 * Idempotent per (site, kind, key). Returns the alert's id and whether this call created it.
 * Throws only when the database itself fails (never for a delivery).
 */
export async function raiseAlert(input: RaiseAlertInput): Promise<{ id: number; created: boolean }> {
  const db = await getDb();
  const key = input.key.slice(0, MAX_KEY);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alerts)
      .values({
        siteId: input.siteId,
        kind: input.kind,
        key,
        title: input.title.slice(0, MAX_TITLE),
        body: (input.body ?? '').slice(0, MAX_BODY),
        link: input.link ?? null,
        payload: input.payload ?? {},
      })
      .onConflictDoNothing({ target: [alerts.siteId, alerts.kind, alerts.key] })
      .returning({ id: alerts.id });
    if (!row) {
      const [old] = await tx
        .select({ id: alerts.id })
        .from(alerts)
        .where(and(eq(alerts.siteId, input.siteId), eq(alerts.kind, input.kind), eq(alerts.key, key)));
      return { id: old!.id, created: false };
    }
    const alertId = row.id;

    // Every active member: no preferences row = in the app only.
    const team = await tx
      .select({
        id: members.id,
        inApp: sql<boolean>`coalesce(${memberAlertPrefs.inApp}, true)`,
        email: sql<boolean>`coalesce(${memberAlertPrefs.email}, false)`,
      })
      .from(members)
      .leftJoin(memberAlertPrefs, eq(memberAlertPrefs.memberId, members.id))
      .where(eq(members.disabled, false));

    const inApp = team.filter((m) => m.inApp);
    if (inApp.length > 0) {
      await tx.insert(memberNotifications).values(
        inApp.map((m) => ({
          memberId: m.id,
          kind: 'alert' as const,
          siteId: input.siteId,
          threadId: null,
          alertId,
          actorName: ALERT_ACTOR,
        })),
      );
    }
    const now = new Date();
    const deliveries: (typeof alertDeliveries.$inferInsert)[] = [
      ...inApp.map((m) => ({
        alertId,
        channel: 'in-app' as const,
        memberId: m.id,
        status: 'sent',
        attempts: 1,
        sentAt: now,
      })),
      ...team.filter((m) => m.email).map((m) => ({ alertId, channel: 'email' as const, memberId: m.id })),
    ];
    const [settings] = await tx
      .select({ url: siteAlertSettings.webhookUrl })
      .from(siteAlertSettings)
      .where(eq(siteAlertSettings.siteId, input.siteId));
    if (settings?.url) deliveries.push({ alertId, channel: 'webhook', memberId: null });
    if (deliveries.length > 0) await tx.insert(alertDeliveries).values(deliveries);
    return { id: alertId, created: true };
  });
}

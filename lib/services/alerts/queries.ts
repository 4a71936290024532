/** What the alerts page shows: a site's recent alerts and how each delivery went. */
import 'server-only';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import { alertDeliveries as d, alerts } from './schema';

export type DeliveryView = {
  id: number;
  channel: 'in-app' | 'email' | 'webhook';
  memberName: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  digestOf: number | null;
};

export type AlertView = {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  /** E-mail and webhook deliveries (in-app ones are counted). */
  deliveries: DeliveryView[];
  inApp: number;
};

export async function recentAlerts(siteId: number, limit = 30): Promise<AlertView[]> {
  const db = await getDb();
  const list = await db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      title: alerts.title,
      body: alerts.body,
      link: alerts.link,
      createdAt: alerts.createdAt,
    })
    .from(alerts)
    .where(eq(alerts.siteId, siteId))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
  if (list.length === 0) return [];
  const ids = list.map((a) => a.id);
  const rows = await db
    .select({
      id: d.id,
      alertId: d.alertId,
      channel: d.channel,
      memberName: members.name,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      sentAt: d.sentAt,
      digestOf: d.digestOf,
    })
    .from(d)
    .leftJoin(members, eq(members.id, d.memberId))
    .where(and(inArray(d.alertId, ids), ne(d.channel, 'in-app')))
    .orderBy(d.id);
  const inApp = await db
    .select({ alertId: d.alertId })
    .from(d)
    .where(and(inArray(d.alertId, ids), eq(d.channel, 'in-app')));
  return list.map((a) => ({
    ...a,
    deliveries: rows.filter((r) => r.alertId === a.id),
    inApp: inApp.filter((r) => r.alertId === a.id).length,
  }));
}

/** Sends a given-up or waiting delivery again at the next pass (attempts start over). */
export async function retryDelivery(siteId: number, deliveryId: number): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: d.id })
    .from(d)
    .innerJoin(alerts, eq(alerts.id, d.alertId))
    .where(and(eq(d.id, deliveryId), eq(alerts.siteId, siteId), ne(d.channel, 'in-app')));
  if (!row) return false;
  await db
    .update(d)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date() })
    .where(and(eq(d.id, deliveryId), inArray(d.status, ['failed', 'pending'])));
  return true;
}

/** Raising an alert: once per (site, kind, key), deliveries by each member's channels and the site's webhook. */
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import { memberNotifications } from '@/lib/services/triage/schema';
import { raiseAlert } from './raise';
import { alertDeliveries, memberAlertPrefs, siteAlertSettings } from './schema';

let siteId: number;
let quiet: Member;
let mailer: Member;

beforeAll(async () => {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  siteId = (
    await insertSite({
      name: `Raise ${stamp}`,
      url: 'https://raise.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
  quiet = await createMember({
    email: `q-${stamp}@t.test`,
    name: 'Quiet',
    password: 'x'.repeat(14),
    role: 'moderator',
  });
  mailer = await createMember({
    email: `m-${stamp}@t.test`,
    name: 'Mailer',
    password: 'x'.repeat(14),
    role: 'admin',
  });
  const db = await getDb();
  await db.insert(memberAlertPrefs).values({ memberId: mailer.id, inApp: false, email: true });
  await db.insert(siteAlertSettings).values({ siteId, webhookUrl: 'https://hooks.example.test/x' });
});

describe('raiseAlert', () => {
  it('creates one alert per key, with deliveries by channel', async () => {
    const first = await raiseAlert({ siteId, kind: 'waiting', key: 'report:1', title: 'A report waits' });
    expect(first.created).toBe(true);
    const again = await raiseAlert({ siteId, kind: 'waiting', key: 'report:1', title: 'A report waits' });
    expect(again).toEqual({ id: first.id, created: false });

    const db = await getDb();
    const rows = await db
      .select()
      .from(alertDeliveries)
      .where(
        and(
          eq(alertDeliveries.alertId, first.id),
          inArray(alertDeliveries.channel, ['in-app', 'email', 'webhook']),
        ),
      );
    const mine = rows.filter(
      (r) => r.memberId === quiet.id || r.memberId === mailer.id || r.memberId === null,
    );
    expect(mine.map((r) => [r.channel, r.memberId, r.status]).sort()).toEqual(
      [
        ['email', mailer.id, 'pending'],
        ['in-app', quiet.id, 'sent'],
        ['webhook', null, 'pending'],
      ].sort(),
    );
    const notes = await db
      .select()
      .from(memberNotifications)
      .where(eq(memberNotifications.alertId, first.id));
    expect(notes.map((n) => n.memberId)).toContain(quiet.id);
    expect(notes.map((n) => n.memberId)).not.toContain(mailer.id);
    expect(notes.every((n) => n.kind === 'alert' && n.threadId === null)).toBe(true);
  });
});

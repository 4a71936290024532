/** The webhook's key and the mail password: sealed, bound to where they were typed for, never read back by pages. */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import { siteAlertSettings } from './schema';
import { getSiteAlertSettings, saveThresholds, saveWebhook, webhookOf } from './settings';

let siteId: number;

beforeAll(async () => {
  siteId = (
    await insertSite({
      name: `Settings ${Date.now()}-${Math.random().toString(36).slice(2, 7)}`,
      url: 'https://settings.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
});

describe('site alert settings', () => {
  it('defaults until saved, then the saved thresholds', async () => {
    expect(await getSiteAlertSettings(siteId)).toMatchObject({
      waitingMinutes: 60,
      spikeFactor: 3,
      spikeMinReports: 10,
      syncFailedMinutes: 30,
      webhookUrl: null,
      hasWebhookSecret: false,
    });
    await saveThresholds(siteId, {
      waitingMinutes: 15,
      spikeFactor: 2.5,
      spikeMinReports: 4,
      syncFailedMinutes: 0,
    });
    expect(await getSiteAlertSettings(siteId)).toMatchObject({
      waitingMinutes: 15,
      spikeFactor: 2.5,
      syncFailedMinutes: 0,
    });
  });

  it('the webhook key is sealed, kept for the same origin, dropped for another', async () => {
    await saveWebhook(siteId, 'https://hooks.example.test/a', 'first-secret-0123456789');
    const db = await getDb();
    const [row] = await db.select().from(siteAlertSettings).where(eq(siteAlertSettings.siteId, siteId));
    expect(row!.sealedWebhookSecret).not.toContain('first-secret');
    expect(await webhookOf(siteId)).toEqual({
      url: 'https://hooks.example.test/a',
      secret: 'first-secret-0123456789',
    });

    expect(await saveWebhook(siteId, 'https://hooks.example.test/b', undefined)).toEqual({ hasSecret: true });
    expect((await webhookOf(siteId))!.secret).toBe('first-secret-0123456789');

    expect(await saveWebhook(siteId, 'https://elsewhere.example.test/b', undefined)).toEqual({
      hasSecret: false,
    });
    expect(await webhookOf(siteId)).toEqual({ url: 'https://elsewhere.example.test/b', secret: null });
    expect((await getSiteAlertSettings(siteId)).hasWebhookSecret).toBe(false);

    await saveWebhook(siteId, null, undefined);
    expect(await webhookOf(siteId)).toBeNull();
  });
});

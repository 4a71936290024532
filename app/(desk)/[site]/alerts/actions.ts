'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { isBlockedAddress } from '@/lib/infra/better-messages/address-guard';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { detectSite } from '@/lib/services/alerts/detect';
import { retryDelivery } from '@/lib/services/alerts/queries';
import { raiseAlert } from '@/lib/services/alerts/raise';
import { saveThresholds, saveWebhook } from '@/lib/services/alerts/settings';
import { openSite } from '@/lib/services/sites/open-site';

const id = z.coerce.number().int().positive();
const minutes = (max: number) =>
  z.coerce
    .number({ error: 'Enter a number.' })
    .int('Enter a whole number of minutes.')
    .min(0, 'Enter 0 (off) or more.')
    .max(max, `Enter at most ${max}.`);

export const saveAlertThresholds = defineAction({
  name: 'saveAlertThresholds',
  permission: 'alerts.manage',
  input: z.object({
    siteId: id,
    waitingMinutes: minutes(10_080),
    spikeFactor: z.coerce
      .number({ error: 'Enter a number.' })
      .min(1, 'Enter at least 1.')
      .max(100, 'Enter at most 100.'),
    spikeMinReports: z.coerce
      .number({ error: 'Enter a number.' })
      .int('Enter a whole number.')
      .min(0, 'Enter 0 (off) or more.')
      .max(100_000, 'Enter at most 100000.'),
    syncFailedMinutes: minutes(10_080),
  }),
  audit: ({ siteId, ...params }) => ({ siteId, params }),
  run: async ({ siteId, ...t }) => {
    await openSite(siteId);
    await saveThresholds(siteId, t);
    // Checked at once with the new thresholds (the index only: nothing is sent to the site).
    const raised = await detectSite(siteId).catch(() => []);
    revalidatePath('/', 'layout');
    return { raised: raised.length };
  },
});

export const saveAlertWebhook = defineAction({
  name: 'saveAlertWebhook',
  permission: 'alerts.manage',
  input: z.object({
    siteId: id,
    /** Empty removes the webhook. */
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((v) => {
        if (v === '') return true;
        try {
          const u = new URL(v);
          return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
        } catch {
          return false;
        }
      }, 'Enter an http(s) address without a user name or password in it.')
      .refine(
        (v) => v === '' || !isBlockedAddress(new URL(v).hostname),
        'Link-local and cloud metadata addresses are refused.',
      ),
    /** Empty keeps the stored secret (while the address keeps its origin). */
    secret: z.union([z.literal(''), z.string().min(16, 'Use at least 16 characters.').max(200)]).optional(),
  }),
  // Never the secret: only whether a new one was given.
  audit: (i) => ({ siteId: i.siteId, params: { url: i.url || null, secretChanged: Boolean(i.secret) } }),
  run: async ({ siteId, url, secret }) => {
    await openSite(siteId);
    const saved = await saveWebhook(siteId, url || null, secret || undefined);
    revalidatePath(`/`, 'layout');
    return { url: url || null, hasSecret: saved.hasSecret };
  },
});

export const sendTestAlert = defineAction({
  name: 'sendTestAlert',
  permission: 'alerts.manage',
  input: z.object({ siteId: id }),
  audit: (i) => ({ siteId: i.siteId }),
  run: async ({ siteId }, { member }) => {
    await openSite(siteId);
    const a = await raiseAlert({
      siteId,
      kind: 'rule',
      key: `test:${Date.now()}:${member.id}`,
      title: `Test alert from ${member.name}`,
      body: 'Sent from the alerts page to check that the team is told (in the app, by e-mail, by webhook).',
      payload: { test: true },
    });
    revalidatePath('/', 'layout');
    return { alertId: a.id };
  },
});

export const retryAlertDelivery = defineAction({
  name: 'retryAlertDelivery',
  permission: 'alerts.manage',
  input: z.object({ siteId: id, deliveryId: id }),
  audit: (i) => ({ siteId: i.siteId, target: { deliveryId: i.deliveryId } }),
  run: async ({ siteId, deliveryId }) => {
    if (!(await retryDelivery(siteId, deliveryId))) {
      throw new ActionRefusal('That delivery is not one of this site’s.', 'not-found');
    }
    revalidatePath('/', 'layout');
    return null;
  },
});

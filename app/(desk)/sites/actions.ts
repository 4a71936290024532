'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { BmClient } from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { dropSupportPasswords } from '@/lib/services/triage/support-accounts';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { checkConnection, normaliseSiteUrl, type Credentials } from '@/lib/services/sites/check-connection';
import { findOpenSite } from '@/lib/services/sites/open-site';
import {
  deleteSite as removeSite,
  getSiteById,
  insertSite,
  sameOrigin,
  saveProbe,
  updateSite as storeSite,
} from '@/lib/services/sites/queries';

const siteUrl = z
  .string()
  .trim()
  .min(1, 'Enter the site address.')
  .transform((v, ctx) => {
    const url = normaliseSiteUrl(v);
    if (!url)
      ctx.addIssue({
        code: 'custom',
        message: 'Enter an http:// or https:// address, without a password in it.',
      });
    return url ?? '';
  });

const SiteFields = z.object({
  name: z.string().trim().min(1, 'Give the site a name.').max(80),
  url: siteUrl,
  username: z.string().trim().min(1, 'Enter the WordPress username.').max(200),
});

// WordPress shows application passwords in groups of four; it ignores the spaces.
const appPassword = z.string().trim().max(200);

const siteId = z.coerce.number().int().positive();

const PASSWORD_AGAIN =
  'The address now points to another server: enter the application password again. A stored password is only ever sent to the address it was entered for.';

/**
 * What to test `url` with: the password typed, or else the stored one, but only while the
 * address keeps the origin it was entered for. Typing a new address over a stored one must never
 * carry the stored password to it (the opened site hands out no client for another origin).
 */
async function connectionTo(
  siteId: number | undefined,
  edit: { url: string; username: string },
  typed: string | undefined,
): Promise<Credentials | BmClient> {
  if (typed) return { siteUrl: edit.url, username: edit.username, appPassword: typed };
  const stored = siteId === undefined ? null : await findOpenSite(siteId);
  if (siteId !== undefined && !stored) throw new ActionRefusal('This site no longer exists.', 'not-found');
  if (!stored) {
    throw new ActionRefusal('Enter the application password.', 'invalid-input', {
      appPassword: ['Enter the application password.'],
    });
  }
  const client = stored.clientAt({ siteUrl: edit.url, username: edit.username }, { maxRetries: 1 });
  if (!client) {
    throw new ActionRefusal(PASSWORD_AGAIN, 'password-bound-to-origin', { appPassword: [PASSWORD_AGAIN] });
  }
  return client;
}

function refuseUnlessConnected(probe: Awaited<ReturnType<typeof checkConnection>>) {
  if (probe.status !== 'ok') {
    throw new ActionRefusal(
      probe.message ?? 'The site could not be reached.',
      probe.reason ?? 'probe-failed',
    );
  }
}

export const connectSite = defineAction({
  name: 'connectSite',
  permission: 'sites.manage',
  input: SiteFields.extend({ appPassword: appPassword.min(1, 'Enter the application password.') }),
  audit: (i) => ({ target: { url: i.url, username: i.username }, params: { name: i.name } }),
  run: async (input) => {
    const probe = await checkConnection({
      siteUrl: input.url,
      username: input.username,
      appPassword: input.appPassword,
    });
    refuseUnlessConnected(probe);
    const site = await insertSite({ ...input, probe });
    revalidatePath('/', 'layout');
    return site;
  },
});

export const updateSite = defineAction({
  name: 'updateSite',
  permission: 'sites.manage',
  input: SiteFields.extend({ siteId, appPassword: appPassword.optional() }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { url: i.url, username: i.username },
    params: { name: i.name, passwordChanged: Boolean(i.appPassword) },
  }),
  run: async (input) => {
    const before = await getSiteById(input.siteId);
    if (!before) throw new ActionRefusal('This site no longer exists.', 'not-found');
    // An empty password field keeps the stored one, on the same origin only.
    const probe = await checkConnection(await connectionTo(input.siteId, input, input.appPassword));
    refuseUnlessConnected(probe);
    const site = await storeSite(input.siteId, {
      ...input,
      appPassword: input.appPassword || undefined,
      probe,
    });
    // Support accounts' passwords were sealed to the old origin: replying is off until re-entered.
    const supportPasswordsDropped = sameOrigin(before.url, input.url)
      ? 0
      : await dropSupportPasswords(input.siteId);
    revalidatePath('/', 'layout');
    return site ? { ...site, supportPasswordsDropped } : site;
  },
});

/** Tests the values in the form before they are saved (the stored password if the field is empty). */
export const testSiteConnection = defineAction({
  name: 'testSiteConnection',
  permission: 'sites.manage',
  input: SiteFields.omit({ name: true }).extend({
    siteId: siteId.optional(),
    appPassword: appPassword.optional(),
  }),
  // Each test sends a password somewhere: who tested which address is on record.
  audit: (i) => ({
    siteId: i.siteId,
    target: { url: i.url, username: i.username },
    params: { storedPassword: !i.appPassword },
  }),
  run: async (input) => {
    const probe = await checkConnection(await connectionTo(input.siteId, input, input.appPassword));
    refuseUnlessConnected(probe);
    return {
      wpUserName: probe.wpUserName ?? input.username,
      modules: probe.modules ?? null,
      restMode: probe.restMode ?? null,
    };
  },
});

/** Re-checks a saved site and records what answered. */
export const recheckSite = defineAction({
  name: 'recheckSite',
  permission: 'sites.manage',
  input: z.object({ siteId }),
  audit: (i) => ({ siteId: i.siteId }),
  run: async ({ siteId: id }) => {
    const site = await findOpenSite(id);
    if (!site) throw new ActionRefusal('This site no longer exists.', 'not-found');
    const probe = await checkConnection(site.clientWith({ maxRetries: 1 }));
    await saveProbe(id, probe);
    revalidatePath('/', 'layout');
    refuseUnlessConnected(probe);
    return { modules: probe.modules ?? null };
  },
});

export const deleteSite = defineAction({
  name: 'deleteSite',
  permission: 'sites.manage',
  input: z.object({ siteId }),
  audit: (i) => ({ siteId: i.siteId }),
  run: async ({ siteId: id }) => {
    const site = await getSiteById(id);
    if (!site) throw new ActionRefusal('This site no longer exists.', 'not-found');
    await removeSite(id);
    revalidatePath('/', 'layout');
    return { name: site.name };
  },
});

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { ActionRefusal } from '@/lib/actions/result';
import { checkConnection, normaliseSiteUrl } from '@/lib/sites/check-connection';
import {
  deleteSite as removeSite,
  getSiteById,
  getSiteCredentials,
  insertSite,
  saveProbe,
  updateSite as storeSite,
} from '@/lib/sites/queries';

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
    const stored = await getSiteCredentials(input.siteId);
    if (!stored) throw new ActionRefusal('This site no longer exists.', 'not-found');
    // An empty password field keeps the stored one.
    const password = input.appPassword || stored.appPassword;
    const probe = await checkConnection({
      siteUrl: input.url,
      username: input.username,
      appPassword: password,
    });
    refuseUnlessConnected(probe);
    const site = await storeSite(input.siteId, {
      ...input,
      appPassword: input.appPassword || undefined,
      probe,
    });
    revalidatePath('/', 'layout');
    return site;
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
  run: async (input) => {
    let password = input.appPassword;
    if (!password && input.siteId) password = (await getSiteCredentials(input.siteId))?.appPassword;
    if (!password)
      throw new ActionRefusal('Enter the application password.', 'invalid-input', {
        appPassword: ['Enter the application password.'],
      });
    const probe = await checkConnection({
      siteUrl: input.url,
      username: input.username,
      appPassword: password,
    });
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
    const creds = await getSiteCredentials(id);
    if (!creds) throw new ActionRefusal('This site no longer exists.', 'not-found');
    const probe = await checkConnection(creds);
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

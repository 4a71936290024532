'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { FIELD_KEYS } from '@/lib/services/settings/fields';
import { applySettingsChanges, fixReports } from '@/lib/services/settings/save';
import { getSiteById } from '@/lib/services/sites/queries';

const siteId = z.coerce.number().int().positive();
const change = z.object({ from: z.unknown(), to: z.unknown() });

export const saveSiteSettings = defineAction({
  name: 'saveSiteSettings',
  permission: 'settings.edit',
  input: z.object({
    siteId,
    changes: z
      .partialRecord(z.enum(FIELD_KEYS), change)
      .refine((c) => Object.keys(c).length > 0, 'Change at least one setting.'),
  }),
  // The before/after diff the member confirmed; the save refuses if the site no longer holds `from`.
  audit: (i) => ({
    siteId: i.siteId,
    target: { settings: Object.keys(i.changes) },
    params: { changes: i.changes },
  }),
  run: async (input) => {
    const saved = await applySettingsChanges(
      input.siteId,
      input.changes as Record<string, z.infer<typeof change>>,
    );
    revalidatePath('/[site]', 'layout');
    return { saved };
  },
});

/** Stores messagesViewer and allowReports explicitly: the plugin only trusts a stored messagesViewer. */
export const fixReportsSetting = defineAction({
  name: 'fixReportsSetting',
  permission: 'settings.edit',
  input: z.object({ siteId }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { settings: ['messagesViewer', 'allowReports'] },
    params: { messagesViewer: '1', allowReports: '1' },
  }),
  run: async ({ siteId: id }) => {
    const saved = await fixReports(id);
    revalidatePath('/[site]', 'layout');
    const site = await getSiteById(id);
    return { saved, reportsRoute: site?.modules?.reports ?? null };
  },
});

'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { recordExposure } from './exposure';
import { EXPOSURE_KINDS } from './kinds';

/**
 * A member revealed reported or flagged media: counted for today (once per item), and the
 * day's count comes back for the counter. Not audited: it is the member's own wellbeing
 * record, not a moderation act.
 */
export const recordMediaExposure = defineAction({
  name: 'recordMediaExposure',
  permission: 'account.self',
  input: z.object({
    siteSlug: z.string().min(1, 'Which site is missing.').max(100),
    kind: z.enum(EXPOSURE_KINDS, { error: 'The kind must be an attachment or a message.' }),
    id: z
      .number({ error: 'The item id must be a number.' })
      .int('The item id must be a whole number.')
      .positive('The item id must be positive.'),
  }),
  run: async ({ siteSlug, kind, id }, { member }) => {
    const site = await getSiteBySlug(siteSlug);
    if (!site) throw new ActionRefusal('This site is not connected to BM Desk.', 'not-found');
    return { today: await recordExposure(member.id, { siteId: site.id, kind, id }) };
  },
});

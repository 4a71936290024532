'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id } from '@/lib/infra/actions/fields';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { can } from '@/lib/infra/auth/permissions';
import { releaseOwnClaim } from './claims';
import { claimAhead } from './decide';

// The claims both queues take around the undo window: taken when a member decides, given back when
// they undo. Not audited: the decision itself is, when it is sent.

const OnItem = z.object({ siteId: id, kind: z.enum(['report', 'pending']), messageId: id });

/** Takes an item for the member who just decided on it; refused with who took it first. */
export const claimQueueItem = defineAction({
  name: 'claimQueueItem',
  // Support may dismiss reports, so support may claim them for that; every other decision moderates.
  permission: 'reports.dismiss',
  input: OnItem.extend({
    decisionId: z.string().max(40),
    decision: z.string().trim().min(1).max(80),
  }),
  run: async (i, { member }) => {
    const dismissing = i.kind === 'report' && (i.decisionId === 'dismiss' || i.decisionId === 'dismiss-ok');
    if (!dismissing && !can(member.role, 'moderation.act')) {
      throw new ActionRefusal(`Your role (${member.role}) is not allowed to do this.`, 'forbidden');
    }
    await claimAhead(i, member, i.kind, i.decision);
    return null;
  },
});

/** An undone decision: the item is free again for everyone. */
export const releaseQueueClaim = defineAction({
  name: 'releaseQueueClaim',
  permission: 'reports.dismiss',
  input: OnItem,
  run: async (i, { member }) => ({
    released: await releaseOwnClaim(i.siteId, i.kind, i.messageId, member.id),
  }),
});

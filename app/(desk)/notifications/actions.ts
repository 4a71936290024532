'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { markNotificationsRead as markRead } from '@/lib/services/triage/notes';

/** A member's own notifications: read-state only, not audited. */
export const markNotificationsRead = defineAction({
  name: 'markNotificationsRead',
  permission: 'triage.act',
  input: z.object({ ids: z.array(z.coerce.number().int().positive()).max(500) }),
  run: async (i, { member }) => {
    const n = await markRead(member.id, i.ids.length ? i.ids : undefined);
    revalidatePath('/', 'layout');
    return { marked: n };
  },
});

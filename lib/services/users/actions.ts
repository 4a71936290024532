'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id } from '@/lib/infra/actions/fields';
import { getUsers } from '@/lib/services/site-index/queries/users';

/** The user picker: people the index has seen on this site. Read-only, not audited. */
export const findSiteUsers = defineAction({
  name: 'findSiteUsers',
  permission: 'desk.read',
  input: z.object({ siteId: id, search: z.string().trim().min(1).max(100) }),
  run: async (i) => {
    const { rows } = await getUsers({ siteId: i.siteId, search: i.search }, { perPage: 10 });
    return rows.map((r) => ({ id: r.id, name: r.name, isGuest: r.isGuest }));
  },
});

import type { z } from 'zod';
import { USER_SORT_KEYS } from '@/lib/services/site-index/queries/sorts';
import { flagParam, tableParams, textParam } from '@/lib/infra/table/search-params';

export const usersSearchParams = tableParams(USER_SORT_KEYS, 'messageCount.desc').extend({
  /** Name or id in the index; name, email or id on the site. */
  q: textParam,
  reports: flagParam,
  banned: flagParam,
  guest: flagParam,
});

export type UsersSearch = z.infer<typeof usersSearchParams>;

export function isFiltered(s: UsersSearch): boolean {
  return Boolean(s.q || [s.reports, s.banned, s.guest].some((f) => f !== undefined));
}

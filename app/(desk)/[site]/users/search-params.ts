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

/** The URL's filters as the users query wants them: one mapping for the page and its CSV export. */
export function userFilter(s: UsersSearch) {
  return { search: s.q, hasReported: s.reports, banned: s.banned, isGuest: s.guest };
}

export function isFiltered(s: UsersSearch): boolean {
  return Boolean(s.q || [s.reports, s.banned, s.guest].some((f) => f !== undefined));
}

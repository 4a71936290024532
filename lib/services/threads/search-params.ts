import { z } from 'zod';
import { THREAD_SORT_KEYS } from '@/lib/services/site-index/queries/sorts';
import { THREAD_TYPES } from './thread-types';
import {
  dateParam,
  flagParam,
  idParam,
  listParam,
  tableParams,
  textParam,
  userIdParam,
} from '@/lib/infra/table/search-params';

export const threadsSearchParams = tableParams(THREAD_SORT_KEYS, 'lastActivityAt.desc').extend({
  participant: userIdParam,
  type: listParam<string>(THREAD_TYPES),
  from: dateParam,
  to: dateParam,
  reports: flagParam,
  pending: flagParam,
  attachments: flagParam,
  bans: flagParam,
  mutes: flagParam,
  q: textParam,
});

export type ThreadsSearch = z.infer<typeof threadsSearchParams>;

export function isFiltered(s: ThreadsSearch): boolean {
  return Boolean(
    s.participant !== undefined ||
    s.type.length ||
    s.from ||
    s.to ||
    s.q ||
    [s.reports, s.pending, s.attachments, s.bans, s.mutes].some((f) => f !== undefined),
  );
}

/** One thread's page: `?message=ID` (from the attachments desk) scrolls the timeline back to it. */
export const threadViewSearchParams = z.object({ message: idParam });

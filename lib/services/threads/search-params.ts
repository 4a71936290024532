import { z } from 'zod';
import { THREAD_SORT_KEYS } from '@/lib/services/site-index/queries/sorts';
import type { ThreadFilter } from '@/lib/services/site-index/queries/threads';
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

/** The URL's filters as the index query wants them: one mapping for the page and its CSV export. */
export function threadFilter(siteId: number, s: ThreadsSearch): ThreadFilter {
  return {
    siteId,
    participant: s.participant,
    types: s.type,
    activeFrom: s.from ? new Date(`${s.from}T00:00:00Z`) : undefined,
    activeTo: s.to ? new Date(`${s.to}T23:59:59.999Z`) : undefined,
    hasReports: s.reports,
    hasPending: s.pending,
    hasAttachments: s.attachments,
    hasBans: s.bans,
    hasMutes: s.mutes,
    text: s.q,
  };
}

/** One thread's page: `?message=ID` (from the attachments desk) scrolls the timeline back to it. */
export const threadViewSearchParams = z.object({ message: idParam });

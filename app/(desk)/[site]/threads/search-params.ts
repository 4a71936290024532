import { z } from 'zod';
import { THREAD_SORTS, type ThreadSort } from '@/lib/site-index/queries/threads';
import { THREAD_TYPES } from './thread-types';
import { dateParam, flagParam, intParam, tableParams } from '@/lib/table/search-params';

export const threadsSearchParams = tableParams(
  Object.keys(THREAD_SORTS) as ThreadSort[],
  'lastActivityAt.desc',
).extend({
  participant: intParam,
  type: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v ? v.split(',').filter((t) => (THREAD_TYPES as readonly string[]).includes(t)) : [])),
  from: dateParam,
  to: dateParam,
  reports: flagParam,
  pending: flagParam,
  attachments: flagParam,
  bans: flagParam,
  mutes: flagParam,
  q: z.string().trim().max(200).optional().catch(undefined),
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

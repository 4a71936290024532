import { z } from 'zod';
import { intParam } from '@/lib/table/search-params';

export const REPORT_CATEGORIES = ['inappropriate', 'spam', 'harassment', 'offensive', 'other'] as const;
export const AGE_OPTIONS = [
  { hours: 1, label: 'over 1 hour' },
  { hours: 24, label: 'over 1 day' },
  { hours: 72, label: 'over 3 days' },
  { hours: 168, label: 'over 1 week' },
] as const;

export const queueSearchParams = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  sort: z.enum(['age', 'reports']).catch('age'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  category: z.string().max(40).optional().catch(undefined),
  sender: intParam,
  type: z.enum(['thread', 'group', 'chat-room']).optional().catch(undefined),
  age: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 365)
    .optional()
    .catch(undefined),
  source: z.enum(['ai', 'users']).optional().catch(undefined),
  item: intParam,
});

export type QueueSearch = z.infer<typeof queueSearchParams>;
export const QUEUE_PAGE_SIZE = 25;

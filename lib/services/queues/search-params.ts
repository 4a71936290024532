import { z } from 'zod';
import {
  choiceParam,
  countParam,
  idParam,
  pageParam,
  textParam,
  userIdParam,
} from '@/lib/infra/table/search-params';

export const REPORT_CATEGORIES = ['inappropriate', 'spam', 'harassment', 'offensive', 'other'] as const;
export const AGE_OPTIONS = [
  { hours: 1, label: 'over 1 hour' },
  { hours: 24, label: 'over 1 day' },
  { hours: 72, label: 'over 3 days' },
  { hours: 168, label: 'over 1 week' },
] as const;

export const queueSearchParams = z.object({
  page: pageParam,
  sort: z.enum(['age', 'reports']).catch('age'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  category: textParam,
  sender: userIdParam,
  type: choiceParam(['thread', 'group', 'chat-room']),
  age: countParam(24 * 365),
  source: choiceParam(['ai', 'users']),
  item: idParam,
});

export type QueueSearch = z.infer<typeof queueSearchParams>;
export const QUEUE_PAGE_SIZE = 25;

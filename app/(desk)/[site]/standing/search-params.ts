import { z } from 'zod';
import { choiceParam, userIdParam } from '@/lib/infra/table/search-params';

/** The standing decisions page: active or ended (default active), one kind, one person. */
export const standingSearchParams = z.object({
  state: choiceParam(['active', 'ended', 'all'] as const),
  kind: choiceParam(['ban', 'mute', 'hold'] as const),
  user: userIdParam,
});

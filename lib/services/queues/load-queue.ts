import 'server-only';
import { getContext, getQueue, getSenderHistory, type QueueFilter } from './queries';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { QUEUE_PAGE_SIZE, type QueueSearch } from './search-params';

/** Everything a queue page shows: the page of items, the focused one in its conversation. */
export async function loadQueue(siteId: number, kind: QueueFilter['kind'], s: QueueSearch) {
  const result = await getQueue(
    {
      siteId,
      kind,
      category: s.category,
      senderId: s.sender,
      threadType: s.type,
      minAgeHours: s.age,
      source: s.source,
    },
    { page: s.page, perPage: QUEUE_PAGE_SIZE, sort: s.sort, desc: s.dir === 'desc' },
  );
  const focused = result.rows.find((r) => r.id === s.item) ?? result.rows[0] ?? null;
  const [context, history] = focused
    ? await Promise.all([
        getContext(siteId, focused.threadId, focused.id),
        getSenderHistory(siteId, focused.senderId),
      ])
    : [null, null];
  const senderName =
    s.sender !== undefined ? (await getUserNames(siteId, [s.sender])).get(s.sender)?.name : undefined;
  return { result, focused, context, history, senderName };
}

export type LoadedQueue = Awaited<ReturnType<typeof loadQueue>>;

import 'server-only';
import { getContext, getQueue, getSenderHistory, type QueueFilter, type SenderHistory } from './queries';
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
  // The focused item's conversation and sender, and those of the items a decision or `j` opens
  // next (and `k`'s one back): the next item shows from what the page already holds.
  const at = focused ? result.rows.indexOf(focused) : -1;
  const near = focused ? result.rows.slice(Math.max(0, at - 1), at + 1 + PREFETCH) : [];
  const histories = new Map<number, Promise<SenderHistory>>();
  const historyOf = (senderId: number) => {
    if (!histories.has(senderId)) histories.set(senderId, getSenderHistory(siteId, senderId));
    return histories.get(senderId)!;
  };
  const details: Record<number, ItemDetail> = Object.fromEntries(
    await Promise.all(
      near.map(
        async (r) =>
          [
            r.id,
            {
              context: await getContext(siteId, r.threadId, r.id),
              history: await historyOf(r.senderId),
            },
          ] as const,
      ),
    ),
  );
  const { context = null, history = null } = focused ? (details[focused.id] ?? {}) : {};
  const senderName =
    s.sender !== undefined ? (await getUserNames(siteId, [s.sender])).get(s.sender)?.name : undefined;
  return { result, focused, context, history, details, senderName };
}

/** How many items after the focused one come with their detail. */
const PREFETCH = 3;

export type ItemDetail = {
  context: Awaited<ReturnType<typeof getContext>>;
  history: SenderHistory;
};

export type LoadedQueue = Awaited<ReturnType<typeof loadQueue>>;

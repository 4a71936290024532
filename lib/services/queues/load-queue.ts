import 'server-only';
import { getContext, getQueue, getSenderHistory, type QueueFilter, type SenderHistory } from './queries';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { suggestNextStep, type NextStep } from '@/lib/services/decisions/strikes';
import { QUEUE_PAGE_SIZE, type QueueSearch } from './search-params';

/** The URL's filters as the queue query wants them: one mapping for the page and its CSV export. */
export function queueFilter(siteId: number, kind: QueueFilter['kind'], s: QueueSearch): QueueFilter {
  return {
    siteId,
    kind,
    category: s.category,
    senderId: s.sender,
    threadType: s.type,
    minAgeHours: s.age,
    source: s.source,
  };
}

/** The URL's sort as the queue query wants it. */
export const queueOrderOf = (s: QueueSearch) => ({ sort: s.sort, desc: s.dir === 'desc' });

/** Everything a queue page shows: the page of items, the focused one in its conversation. */
export async function loadQueue(siteId: number, kind: QueueFilter['kind'], s: QueueSearch) {
  const result = await getQueue(queueFilter(siteId, kind, s), {
    page: s.page,
    perPage: QUEUE_PAGE_SIZE,
    ...queueOrderOf(s),
  });
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
  // What the site's strike ladder suggests for each sender (from their active strikes).
  const steps = new Map<number, Promise<NextStep | null>>();
  const nextOf = (senderId: number) => {
    if (!steps.has(senderId)) {
      steps.set(
        senderId,
        suggestNextStep(siteId, senderId).catch((e: Error) => {
          console.error(`[queues] ladder suggestion for sender ${senderId} failed: ${e.message}`);
          return null;
        }),
      );
    }
    return steps.get(senderId)!;
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
              next: await nextOf(r.senderId),
            },
          ] as const,
      ),
    ),
  );
  const { context = null, history = null, next = null } = focused ? (details[focused.id] ?? {}) : {};
  const senderName =
    s.sender !== undefined ? (await getUserNames(siteId, [s.sender])).get(s.sender)?.name : undefined;
  return { result, focused, context, history, next, details, senderName };
}

/** How many items after the focused one come with their detail. */
const PREFETCH = 3;

export type ItemDetail = {
  context: Awaited<ReturnType<typeof getContext>>;
  history: SenderHistory;
  /** The ladder's suggestion for the sender; null when it could not be read. */
  next: NextStep | null;
};

export type LoadedQueue = Awaited<ReturnType<typeof loadQueue>>;

'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Card } from '@/components/ui/field';
import { useKeys } from '@/components/ui/use-keys';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import type { LoadedQueue } from '@/lib/services/queues/load-queue';
import type { QueueSearch } from '@/lib/services/queues/search-params';
import { DecisionForm } from './decision-form';
import type { Decision } from './decisions';
import { QueueBulkBar } from './queue-bulk-bar';
import { QueueDetail } from './queue-detail';
import { QueueFilters } from './queue-filters';
import { QueueList } from './queue-list';
import { QueueShortcuts } from './queue-shortcuts';
import { useQueueDecisions } from './use-queue-decisions';
import { useSelection } from './use-selection';

export type QueueViewProps = {
  kind: 'report' | 'pending';
  site: { id: number; slug: string };
  data: LoadedQueue;
  search: QueueSearch;
  canModerate: boolean;
  /** The member's undo window for decisions, in seconds (0 = sent at once). */
  undoWindowSeconds: number;
  /** The site's reasons for decisions that take one (null: the member only dismisses). */
  reasons?: ReasonPicker | null;
};

/** Fewer items than this left on screen while the queue holds more: the page asks for the next ones. */
const REFILL_BELOW = 5;
/** At most one refill a second. */
const REFILL_EVERY_MS = 1_000;

/** A queue: filters, the page of items beside the focused one, its decisions, and keys for all of it. */
export function QueueView({
  kind,
  site,
  data,
  search,
  canModerate,
  undoWindowSeconds,
  reasons = null,
  decisions: all,
}: QueueViewProps & {
  /** The desk's own decisions, over its own server actions. */
  decisions: Decision[];
}) {
  const { set } = useUrlState();
  const decisions = all.filter((d) => canModerate || !d.moderation);
  // The item shown is held here and follows a key at once; the address follows in the background.
  const [focusId, setFocusId] = useState<number | undefined>(data.focused?.id);
  // Decided items leave the list at once: held in their undo window, being sent, or sent.
  const [gone, setGone] = useState<ReadonlySet<number>>(() => new Set());
  const rows = data.result.rows.filter((r) => !gone.has(r.id));
  // Decisions held in their undo window (or being sent) leave the page short: it reloads (at most
  // once a second) so the next items come in as soon as the sends land, and never runs dry.
  const router = useRouter();
  const refilled = useRef(0);
  const short =
    rows.length < REFILL_BELOW &&
    rows.length < data.result.rows.length &&
    data.result.total > data.result.rows.length;
  useEffect(() => {
    if (!short) return;
    const wait = Math.max(0, refilled.current + REFILL_EVERY_MS - Date.now());
    const timer = setTimeout(() => {
      refilled.current = Date.now();
      router.refresh();
    }, wait);
    return () => clearTimeout(timer);
  }, [short, rows.length, data, router]);
  const focused =
    rows.find((r) => r.id === focusId) ?? rows.find((r) => r.id === data.focused?.id) ?? rows[0] ?? null;
  const index = focused ? rows.findIndex((r) => r.id === focused.id) : -1;
  const open = (item: number | null) => {
    setFocusId(item ?? undefined);
    // The address follows. When the page already holds the detail of this item and the two after
    // it, without a server round trip (Next keeps its router in step with replaceState); else the
    // page asks the server, which sends the next items' details along.
    const at = rows.findIndex((r) => r.id === item);
    const ahead = at < 0 ? [] : rows.slice(at, at + 3).filter((r) => r.id !== focused?.id);
    if (item !== null && ahead.length > 0 && ahead.every((r) => data.details[r.id])) {
      const url = new URL(window.location.href);
      url.searchParams.set('item', String(item));
      window.history.replaceState(null, '', url);
    } else {
      set({ item, page: search.page });
    }
  };
  const focus = (id: number | undefined) => id !== undefined && open(id);
  const selection = useSelection();
  const queue = useQueueDecisions({
    kind,
    site,
    rows,
    focused,
    undoWindowSeconds,
    gone,
    setGone,
    onDecided: () => {
      const next = rows[index + 1]?.id ?? rows[index - 1]?.id;
      open(next ?? null);
    },
    onRestored: (id) => open(id),
  });
  const detail = focused
    ? (data.details[focused.id] ??
      (focused.id === data.focused?.id
        ? { context: data.context, history: data.history, next: data.next }
        : null))
    : null;
  // 1…9 pick the site's reasons in their order, 0 none: the choice stays for the next items.
  const reasonKeys = Object.fromEntries(
    reasons && canModerate
      ? [
          ['0', () => queue.setForm((f) => ({ ...f, reasonId: null, notify: false }))],
          ...reasons.reasons.slice(0, 9).map((r, n) => [
            String(n + 1),
            () =>
              queue.setForm((f) => ({
                ...f,
                reasonId: r.id,
                notify: reasons.noticesOff ? false : r.notify,
              })),
          ]),
        ]
      : [],
  );
  const [help, setHelp] = useState(false);

  // One key per decision; j/k move; z undoes; ? shows the keys. Typing in a field never triggers them.
  useKeys({
    ...reasonKeys,
    ...Object.fromEntries(decisions.filter((d) => d.key).map((d) => [d.key, () => queue.decide(d)])),
    j: () => focus(rows[index + 1]?.id),
    k: () => focus(rows[index - 1]?.id),
    z: () => queue.undo(),
    '?': () => setHelp((h) => !h),
  });

  async function decideSelected(d: Decision) {
    await queue.decideMany(d, selection.selected);
    selection.clear();
    open(null);
  }

  return (
    <div className="space-y-3">
      <QueueFilters kind={kind} siteId={site.id} search={search} senderName={data.senderName} />
      <QueueBulkBar
        decisions={decisions}
        selected={selection.selected.size}
        bulk={queue.bulk}
        onDecide={decideSelected}
        onFinished={queue.bulkFinished}
        onClose={queue.closeBulk}
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <QueueList
          kind={kind}
          result={{
            ...data.result,
            rows,
            total: data.result.total - (data.result.rows.length - rows.length),
          }}
          page={search.page}
          focusedId={focused?.id}
          selected={selection.selected}
          onFocus={focus}
          onToggle={selection.toggle}
          onPage={(page) => set({ page, item: null })}
        />
        {focused ? (
          <Card className="space-y-3 p-4">
            <QueueDetail
              slug={site.slug}
              item={focused}
              context={detail?.context ?? null}
              history={detail?.history ?? null}
            />
            <DecisionForm
              decisions={decisions}
              canModerate={canModerate}
              form={queue.form}
              onChange={queue.setForm}
              onDecide={queue.decide}
              reasons={canModerate ? reasons : null}
              next={canModerate ? (detail?.next ?? null) : null}
            />
          </Card>
        ) : null}
      </div>
      {help ? (
        <QueueShortcuts
          decisions={decisions}
          reasons={canModerate ? reasons : null}
          onClose={() => setHelp(false)}
        />
      ) : null}
    </div>
  );
}

'use client';

import { useState } from 'react';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Card } from '@/components/ui/field';
import { useKeys } from '@/components/ui/use-keys';
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
};

/** A queue: filters, the page of items beside the focused one, its decisions, and keys for all of it. */
export function QueueView({
  kind,
  site,
  data,
  search,
  canModerate,
  decisions: all,
}: QueueViewProps & {
  /** The desk's own decisions, over its own server actions. */
  decisions: Decision[];
}) {
  const { set } = useUrlState();
  const rows = data.result.rows;
  const focused = data.focused;
  const decisions = all.filter((d) => canModerate || !d.moderation);
  const index = focused ? rows.findIndex((r) => r.id === focused.id) : -1;
  const open = (item: number | null) => set({ item, page: search.page });
  const focus = (id: number | undefined) => id !== undefined && open(id);
  const selection = useSelection();
  const queue = useQueueDecisions({ siteId: site.id, rows, focused, open });
  const [help, setHelp] = useState(false);

  // One key per decision; j/k move; ? shows the keys. Typing in a field never triggers them.
  useKeys({
    ...Object.fromEntries(decisions.filter((d) => d.key).map((d) => [d.key, () => queue.decide(d)])),
    j: () => focus(rows[index + 1]?.id),
    k: () => focus(rows[index - 1]?.id),
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
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <QueueList
          kind={kind}
          result={data.result}
          page={search.page}
          focusedId={focused?.id}
          selected={selection.selected}
          onFocus={focus}
          onToggle={selection.toggle}
          onPage={(page) => set({ page, item: null })}
        />
        {focused ? (
          <Card className="space-y-3 p-4">
            <QueueDetail slug={site.slug} item={focused} context={data.context} history={data.history} />
            <DecisionForm
              decisions={decisions}
              canModerate={canModerate}
              form={queue.form}
              onChange={queue.setForm}
              pending={queue.pending}
              message={queue.message}
              onDecide={queue.decide}
            />
          </Card>
        ) : null}
      </div>
      {help ? <QueueShortcuts decisions={decisions} onClose={() => setHelp(false)} /> : null}
    </div>
  );
}

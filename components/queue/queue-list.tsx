'use client';

import { PastTheEnd } from '@/components/data-table/past-the-end';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/field';
import type { LoadedQueue } from '@/lib/services/queues/load-queue';
import { QueueItem } from './queue-item';

/** One page of the queue: its count, its items (focused, ticked) and the way to the next page. */
export function QueueList({
  kind,
  result,
  page,
  focusedId,
  selected,
  onFocus,
  onToggle,
  onPage,
}: {
  kind: 'report' | 'pending';
  result: LoadedQueue['result'];
  page: number;
  focusedId: number | undefined;
  selected: Set<number>;
  onFocus: (id: number) => void;
  onToggle: (id: number) => void;
  onPage: (page: number) => void;
}) {
  return (
    <Card className="overflow-hidden">
      <p className="border-b border-border px-3 py-1.5 text-xs text-muted" data-testid="queue-count">
        {result.total} {kind === 'report' ? 'reported' : 'pending'}{' '}
        {result.total === 1 ? 'message' : 'messages'}
      </p>
      {result.rows.length === 0 ? (
        <p className="p-6 text-center text-sm text-muted">
          {result.total > 0 && page > result.pageCount ? (
            <PastTheEnd page={page} pageCount={result.pageCount} />
          ) : (
            'Nothing waiting. The queue is clear.'
          )}
        </p>
      ) : (
        <ul aria-label="Queue" data-testid="queue-list">
          {result.rows.map((r) => (
            <QueueItem
              key={r.id}
              row={r}
              kind={kind}
              focused={r.id === focusedId}
              selected={selected.has(r.id)}
              onFocus={() => onFocus(r.id)}
              onToggle={() => onToggle(r.id)}
            />
          ))}
        </ul>
      )}
      {result.pageCount > 1 ? (
        <div className="flex items-center justify-between border-t border-border px-3 py-1.5 text-xs">
          <Button variant="ghost" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            ← Newer page
          </Button>
          <span>
            Page {page} of {result.pageCount}
          </span>
          <Button variant="ghost" disabled={page >= result.pageCount} onClick={() => onPage(page + 1)}>
            Next page →
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

'use client';

import { BulkProgress } from '@/components/bulk/bulk-progress';
import type { useBulkRunner } from '@/components/bulk/use-bulk-runner';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/field';
import type { Decision } from './decisions';

/** The decisions that may be taken on many items at once, while some are ticked or a run shows. */
export function QueueBulkBar({
  decisions,
  selected,
  bulk,
  onDecide,
}: {
  decisions: Decision[];
  selected: number;
  bulk: ReturnType<typeof useBulkRunner>;
  onDecide: (d: Decision) => void;
}) {
  if (selected === 0 && bulk.total === 0) return null;
  return (
    <Card className="space-y-2 p-3" data-testid="bulk-bar">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>{selected} selected</span>
        {decisions
          .filter((d) => d.bulk)
          .map((d) => (
            <Button
              key={d.id}
              variant={d.danger ? 'danger' : 'secondary'}
              disabled={bulk.running || selected === 0}
              onClick={() => onDecide(d)}
            >
              {d.label} {selected}
            </Button>
          ))}
      </div>
      <BulkProgress done={bulk.done} total={bulk.total} results={bulk.results} running={bulk.running} />
    </Card>
  );
}

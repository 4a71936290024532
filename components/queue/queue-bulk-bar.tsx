'use client';

import { JobLiveStatus } from '@/components/jobs/job-live-status';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/field';
import type { Decision } from './decisions';
import type { BulkJob } from './use-queue-decisions';

/**
 * The decisions that may be taken on many items at once, while some are ticked or a job started
 * here shows: the job runs on the server (see the jobs tray), its live counts show here.
 */
export function QueueBulkBar({
  decisions,
  selected,
  bulk,
  onDecide,
  onFinished,
  onClose,
}: {
  decisions: Decision[];
  selected: number;
  bulk: BulkJob | null;
  onDecide: (d: Decision) => void;
  /** The job ended: the list reloads. */
  onFinished: () => void;
  onClose: () => void;
}) {
  if (selected === 0 && !bulk) return null;
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
              disabled={Boolean(bulk?.starting) || selected === 0}
              onClick={() => onDecide(d)}
            >
              {d.label} {selected}
            </Button>
          ))}
        {bulk && !bulk.starting ? (
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
        ) : null}
      </div>
      {bulk?.error ? (
        <p role="alert" className="text-sm text-danger">
          {bulk.error}
        </p>
      ) : null}
      {bulk ? (
        <JobLiveStatus key={bulk.jobIds.join(',')} jobIds={bulk.jobIds} onFinished={onFinished} />
      ) : null}
    </Card>
  );
}

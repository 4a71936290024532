'use client';

import { Button } from '@/components/ui/button';
import { BulkProgress } from './bulk-progress';
import type { useBulkRunner } from './use-bulk-runner';

type Item = { key: string; label: string };

/**
 * The foot of every bulk dialog: the button that starts the run, then (once it has stopped)
 * a retry of only the failures, Close, and the run's progress with each item's outcome.
 */
export function BulkDialogFooter({
  bulk,
  action,
  variant = 'primary',
  disabled = false,
  items,
  start,
  onClose,
}: {
  bulk: ReturnType<typeof useBulkRunner>;
  /** The start button's words, naming what it will do to how many. */
  action: string;
  variant?: 'primary' | 'danger';
  disabled?: boolean;
  /** What the start button runs. */
  items: Item[];
  /** Runs the items given: all of them from the start button, only the failures from retry. */
  start: (items: Item[]) => void;
  onClose: () => void;
}) {
  return (
    <>
      <div className="flex gap-2">
        <Button variant={variant} disabled={bulk.running || disabled} onClick={() => start(items)}>
          {action}
        </Button>
        {!bulk.running && bulk.failed.length > 0 ? (
          <Button
            variant="secondary"
            onClick={() => start(bulk.failed.map(({ key, label }) => ({ key, label })))}
          >
            Retry the {bulk.failed.length} failed
          </Button>
        ) : null}
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      <BulkProgress done={bulk.done} total={bulk.total} results={bulk.results} running={bulk.running} />
    </>
  );
}

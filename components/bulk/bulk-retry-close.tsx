'use client';

import { Button } from '@/components/ui/button';
import type { BulkItemResult } from './use-bulk-runner';

type Item = { key: string; label: string };

/** After a bulk run: retry only the failures (once it has stopped), or close the panel. */
export function BulkRetryClose({
  running,
  failed,
  retry,
  onClose,
}: {
  running: boolean;
  failed: BulkItemResult[];
  retry: (items: Item[]) => void;
  onClose: () => void;
}) {
  return (
    <>
      {!running && failed.length > 0 ? (
        <Button variant="secondary" onClick={() => retry(failed.map(({ key, label }) => ({ key, label })))}>
          Retry the {failed.length} failed
        </Button>
      ) : null}
      <Button variant="ghost" onClick={onClose}>
        Close
      </Button>
    </>
  );
}

'use client';

import { Dialog } from '@/components/ui/dialog';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import type { Decision } from './decisions';

/** The queue's keys, in a corner: not modal, so the keys it lists keep working while it shows. */
export function QueueShortcuts({
  decisions,
  reasons = null,
  onClose,
}: {
  decisions: Decision[];
  reasons?: ReasonPicker | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      label="Keyboard shortcuts"
      modal={false}
      onClose={onClose}
      className="rounded-lg border border-border bg-surface fixed right-6 bottom-6 z-30 w-72 space-y-1 p-4 text-sm shadow-xl"
    >
      <p className="font-semibold">Keyboard</p>
      <p>
        <kbd>j</kbd> / <kbd>k</kbd> next / previous
      </p>
      {decisions
        .filter((d) => d.key)
        .map((d) => (
          <p key={d.id}>
            <kbd>{d.key}</kbd> {d.label}
            {d.hint ? <span className="text-muted">: {d.hint}</span> : null}
          </p>
        ))}
      {reasons && reasons.reasons.length > 0 ? (
        <p>
          <kbd>1</kbd>…<kbd>{Math.min(9, reasons.reasons.length)}</kbd> choose a reason from the list (
          {reasons.reasons
            .slice(0, 9)
            .map((r, n) => `${n + 1} ${r.title}`)
            .join(', ')}
          ), <kbd>0</kbd> none; it stays chosen for the next items
        </p>
      ) : null}
      <p>
        <kbd>z</kbd> undo the last decision (before it is sent)
      </p>
      <p>
        <kbd>?</kbd> show or hide this
      </p>
    </Dialog>
  );
}

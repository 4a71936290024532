'use client';

import { Dialog } from '@/components/ui/dialog';
import type { Decision } from './decisions';

/** The queue's keys, in a corner: not modal, so the keys it lists keep working while it shows. */
export function QueueShortcuts({ decisions, onClose }: { decisions: Decision[]; onClose: () => void }) {
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
          </p>
        ))}
      <p>
        <kbd>z</kbd> undo the last decision (before it is sent)
      </p>
      <p>
        <kbd>?</kbd> show or hide this
      </p>
    </Dialog>
  );
}

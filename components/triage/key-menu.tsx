'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';

// Both menus sit over the page near its top, on a lighter backdrop than a form's dialog.
const OVERLAY = 'fixed inset-0 z-40 flex items-start justify-center bg-black/20 pt-32';

/** A small modal menu: choose with a digit key or a click, Escape closes. */
export function KeyMenu({
  title,
  options,
  onChoose,
  onClose,
}: {
  title: string;
  options: { key: string; label: React.ReactNode }[];
  onChoose: (key: string) => void;
  onClose: () => void;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= options.length) {
        e.preventDefault();
        onChoose(options[n - 1]!.key);
      }
    };
    // Capture: the menu answers before the page's own shortcuts.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [options, onChoose]);
  return (
    <Dialog
      label={title}
      onClose={onClose}
      title={title}
      titleClassName="mb-2 text-sm font-medium"
      overlayClassName={OVERLAY}
      className="w-80 space-y-1 rounded-lg border border-border bg-surface p-3 shadow-lg"
    >
      {options.map((o, i) => (
        <button
          key={o.key}
          type="button"
          className="flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm hover:bg-surface-2"
          onClick={() => onChoose(o.key)}
        >
          <kbd className="w-5 rounded border border-border text-center text-xs text-muted">{i + 1}</kbd>
          {o.label}
        </button>
      ))}
      <div className="pt-2 text-right">
        <DialogClose asChild>
          <Button variant="ghost">Close</Button>
        </DialogClose>
      </div>
    </Dialog>
  );
}

export function ShortcutsHelp({
  shortcuts,
  onClose,
}: {
  shortcuts: [string, string][];
  onClose: () => void;
}) {
  useEffect(() => {
    // `?` opened the list and closes it again; Escape is the dialog's.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <Dialog
      label="Keyboard shortcuts"
      onClose={onClose}
      title="Keyboard shortcuts"
      titleClassName="mb-3 text-sm font-medium"
      overlayClassName={OVERLAY}
      className="w-96 rounded-lg border border-border bg-surface p-4 shadow-lg"
    >
      <dl className="grid grid-cols-[5rem_1fr] gap-y-1 text-sm" data-testid="shortcuts">
        {shortcuts.map(([k, what]) => (
          <div key={k} className="contents">
            <dt>
              <kbd className="rounded border border-border px-1 text-xs">{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="pt-3 text-right">
        <DialogClose asChild>
          <Button variant="ghost">Close</Button>
        </DialogClose>
      </div>
    </Dialog>
  );
}

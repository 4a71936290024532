'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card, Field } from '@/components/ui/field';
import { UNDO_WINDOW } from '@/lib/services/team/undo-window-range';
import { setOwnUndoWindow } from './actions';

/** How long a queue decision waits, undoable with `z`, before it is sent to the site. */
export function UndoWindowForm({ initial }: { initial: number }) {
  const [value, setValue] = useState(String(initial));
  const [saved, setSaved] = useState(initial);
  const [error, setError] = useState<string[] | undefined>();
  const [pending, start] = useTransition();
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const r = await setOwnUndoWindow({ seconds: value });
      if (r.ok) {
        setSaved(r.data.seconds);
        setError(undefined);
      } else {
        setError(r.fieldErrors?.seconds ?? [r.error]);
      }
    });
  };
  return (
    <Card className="max-w-md p-4">
      <form onSubmit={save} aria-label="Undo window" noValidate>
        <fieldset disabled={pending} className="space-y-2">
          <legend className="mb-2 text-sm font-semibold">Undo window for queue decisions</legend>
          <div className="flex items-end gap-2">
            <Field
              label="Seconds before a decision is sent"
              name="seconds"
              type="number"
              inputMode="numeric"
              min={UNDO_WINDOW.min}
              max={UNDO_WINDOW.max}
              step={1}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              error={error}
              className="w-56"
            />
            <Button type="submit" variant="secondary">
              Save
            </Button>
          </div>
          <p className="text-xs text-muted" aria-live="polite" data-testid="undo-window-saved">
            {saved === 0
              ? 'Decisions in the reports and pending queues are sent at once: they cannot be undone.'
              : `Decisions wait ${saved} s, then go to the site; press z (or Undo) before then to take one back.`}
          </p>
        </fieldset>
      </form>
    </Card>
  );
}

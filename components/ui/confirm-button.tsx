'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** A destructive button that asks first, naming what will be lost. */
export function ConfirmButton({
  label,
  confirmLabel,
  consequence,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel: string;
  consequence: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="danger" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div
      role="alertdialog"
      aria-label={label}
      className="space-y-2 rounded-md border border-danger/40 bg-danger-bg p-3 text-sm"
    >
      <p>{consequence}</p>
      <div className="flex gap-2">
        <Button variant="danger" onClick={() => (setAsking(false), onConfirm())}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

'use client';

import { useState, useTransition } from 'react';
import { Card } from '@/components/ui/field';
import { setOwnImageBlur } from './actions';

export function ImageBlurForm({ initial }: { initial: boolean }) {
  const [blur, setBlur] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const choose = (next: boolean) => {
    setBlur(next);
    start(async () => {
      const r = await setOwnImageBlur({ blurImages: next });
      setError(r.ok ? null : r.error);
      if (!r.ok) setBlur(!next);
    });
  };
  return (
    <Card className="max-w-md p-4">
      <fieldset disabled={pending}>
        <legend className="mb-2 text-sm font-semibold">Images people send</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={blur}
            onChange={(e) => choose(e.target.checked)}
          />
          <span>
            Blur images until I reveal them
            <span className="block text-xs text-muted">
              In the attachments desk and in threads. Recommended: some pictures are abusive.
            </span>
          </span>
        </label>
        {error ? <p className="mt-2 text-xs text-danger">{error}</p> : null}
      </fieldset>
    </Card>
  );
}

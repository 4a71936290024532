'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Card } from '@/components/ui/field';
import { EXPOSURE_LIMIT_MAX, EXPOSURE_LIMIT_MIN, type MediaCareSettings } from '@/lib/services/care/kinds';
import { setOwnMediaCare } from './actions';

/**
 * How images and videos people send reach the member. Blur and greyscale are separate:
 *
 * - Blur on: each image and video is covered until revealed (a click, Enter or Space on the
 *   cover, `v` in a queue), and covered again when you leave it.
 * - Greyscale on: images and videos show in greyscale, covered or revealed, until "Show colours"
 *   on one of them; with both off, media shows as sent.
 * - A picture matching an image removed before stays covered, whatever the blur setting.
 * - The daily limit counts reported or flagged media you revealed today (UTC): past it, a
 *   break is suggested. Nothing is ever locked.
 */
export function CareForm({ initial }: { initial: MediaCareSettings }) {
  const router = useRouter();
  const [blurImages, setBlur] = useState(initial.blurImages);
  const [greyscaleMedia, setGrey] = useState(initial.greyscaleMedia);
  const [limit, setLimit] = useState(String(initial.exposureLimit));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, start] = useTransition();

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(false);
    start(async () => {
      const r = await setOwnMediaCare({ blurImages, greyscaleMedia, exposureLimit: limit });
      if (r.ok) {
        setError(null);
        setSaved(true);
        // The desk layout holds the settings every image reads: fetch it again.
        router.refresh();
      } else {
        setError(r.fieldErrors?.exposureLimit?.[0] ?? r.error);
      }
    });
  };

  return (
    <Card className="max-w-md p-4">
      <form onSubmit={save} aria-label="Images and videos">
        <fieldset disabled={pending} className="space-y-3">
          <legend className="mb-2 text-sm font-semibold">Images and videos people send</legend>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={blurImages}
              onChange={(e) => setBlur(e.target.checked)}
            />
            <span>
              Blur images and videos until I reveal them
              <span className="block text-xs text-muted">
                Each one stays covered until you click it (or press Enter or Space on it, or v in a queue),
                and is covered again when you scroll away or move to another item. Recommended: some pictures
                are abusive.
              </span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={greyscaleMedia}
              onChange={(e) => setGrey(e.target.checked)}
            />
            <span>
              Show them in greyscale
              <span className="block text-xs text-muted">
                Covered or revealed, until you choose “Show colours” on one. Colour makes violent pictures hit
                harder; greyscale takes the edge off.
              </span>
            </span>
          </label>
          <label className="block text-sm">
            Daily limit of reported media
            <input
              type="number"
              inputMode="numeric"
              min={EXPOSURE_LIMIT_MIN}
              max={EXPOSURE_LIMIT_MAX}
              step={1}
              required
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              className="ml-2 w-20 rounded-md border border-border bg-surface px-2 py-1"
              aria-describedby="exposure-limit-help"
            />
            <span id="exposure-limit-help" className="block text-xs text-muted">
              How many reported or flagged images and videos (in the reports and pending queues, or in a
              reported, pending or AI-flagged message) you reveal in a day (UTC) before BM Desk suggests a
              break. From {EXPOSURE_LIMIT_MIN} to {EXPOSURE_LIMIT_MAX}. The suggestion never locks anything.
              Pictures matching an image removed before stay covered even with blurring off.
            </span>
          </label>
          <div className="flex items-center gap-3">
            <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm text-accent-fg">
              Save
            </button>
            {saved ? (
              <span role="status" className="text-xs text-ok">
                Saved.
              </span>
            ) : null}
          </div>
          {error ? (
            <p role="alert" className="text-xs text-danger">
              {error}
            </p>
          ) : null}
        </fieldset>
      </form>
    </Card>
  );
}

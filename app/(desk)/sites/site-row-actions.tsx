'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import { deleteSite, recheckSite } from './actions';

export function SiteRowActions({ siteId, name }: { siteId: number; name: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, done: string) =>
    start(async () => {
      const r = await fn();
      setMessage(r.ok ? done : (r.error ?? 'Failed.'));
      setConfirming(false);
    });

  return (
    <div className="flex shrink-0 flex-col items-end gap-2">
      <div className="flex gap-2">
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => run(() => recheckSite({ siteId }), 'Connection works.')}
        >
          Re-check
        </Button>
        <Link href={`/sites/${siteId}/edit`} className={buttonClass('secondary')}>
          Edit
        </Link>
        <Button variant="ghost" disabled={pending} onClick={() => setConfirming(true)}>
          Remove
        </Button>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label={`Remove ${name}`}
          className="max-w-xs rounded-md border border-border bg-surface-2 p-3 text-xs"
        >
          <p>
            Remove <strong>{name}</strong> from BM Desk? Its stored application password is deleted. Nothing
            changes on the site itself.
          </p>
          <div className="mt-2 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() => run(() => deleteSite({ siteId }), 'Removed.')}
            >
              Remove site
            </Button>
          </div>
        </div>
      ) : null}
      {message ? (
        <p role="status" className="max-w-xs text-right text-xs text-muted">
          {message}
        </p>
      ) : null}
    </div>
  );
}

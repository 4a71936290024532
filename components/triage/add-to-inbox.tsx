'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { addThreadToInbox } from '@/lib/services/triage/actions';

/** Puts a thread in the support inbox by hand, then opens it as a conversation. */
export function AddToInboxButton({
  siteId,
  threadId,
  slug,
}: {
  siteId: number;
  threadId: number;
  slug: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        data-testid="add-to-inbox"
        onClick={() =>
          start(async () => {
            const r = await addThreadToInbox({ siteId, threadId });
            if (!r.ok) return setError(r.error);
            router.push(`/${slug}/inbox/${threadId}`);
          })
        }
      >
        Add to inbox
      </Button>
      {error ? <span className="text-xs text-danger">{error}</span> : null}
    </span>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

type Result = { ok: true } | { ok: false; error: string };

/** Runs one moderation action, shows the site's refusal in words, and reloads what it touched. */
export function useSiteAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (call: () => Promise<Result>, done: string) =>
    start(async () => {
      const r = await call();
      setMessage(r.ok ? { ok: true, text: done } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    });
  return { run, pending, message, setMessage };
}

export function ActionMessage({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return (
    <p
      role="status"
      data-testid="action-message"
      className={message.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
    >
      {message.text}
    </p>
  );
}

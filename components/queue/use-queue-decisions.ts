'use client';

import { useState, useTransition } from 'react';
import { useBulkRunner } from '@/components/bulk/use-bulk-runner';
import { DURATIONS } from '@/components/ui/duration-picker';
import type { LoadedQueue } from '@/lib/services/queues/load-queue';
import type { Decision, DecisionInput } from './decisions';

export type DecisionForm = { reason: string; duration: number; scope: 'global' | 'thread' };

/**
 * What a decision is taken with (the form under the focused item) and the taking of it: on the
 * focused item, one at a time, or on the ticked ones, a few at once.
 */
export function useQueueDecisions({
  siteId,
  rows,
  focused,
  open,
}: {
  siteId: number;
  rows: LoadedQueue['result']['rows'];
  focused: LoadedQueue['focused'];
  /** Opens another item, or none, once a decision is through. */
  open: (item: number | null) => void;
}) {
  const [form, setForm] = useState<DecisionForm>({
    reason: '',
    duration: DURATIONS[1].minutes,
    scope: 'thread',
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const bulk = useBulkRunner(3);

  const input = (messageId: number): DecisionInput => ({
    siteId,
    messageId,
    reason: form.reason || undefined,
    duration: form.duration,
    scope: form.scope,
  });

  function decide(d: Decision) {
    if (!focused || pending) return;
    const index = rows.findIndex((r) => r.id === focused.id);
    const next = rows[index + 1]?.id ?? rows[index - 1]?.id;
    start(async () => {
      const r = await d.run(input(focused.id));
      setMessage(r.ok ? { ok: true, text: `${d.label}: done.` } : { ok: false, text: r.error });
      if (r.ok) {
        setForm((f) => ({ ...f, reason: '' }));
        // The next item opens; the list reloads without the decided one.
        open(next ?? null);
      }
    });
  }

  async function decideMany(d: Decision, ids: Set<number>) {
    const items = rows
      .filter((r) => ids.has(r.id))
      .map((r) => ({ key: String(r.id), label: `#${r.id} by ${r.senderName ?? r.senderId}` }));
    await bulk.run(items, (key) => d.run(input(Number(key))));
  }

  return { form, setForm, message, pending, decide, decideMany, bulk };
}

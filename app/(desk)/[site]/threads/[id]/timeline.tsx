'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { TimelineMessage } from '@/lib/services/threads/timeline';
import { deleteThreadMessages, loadOlderMessages } from '../actions';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { MessageItem } from '@/components/messages/message-item';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { noun, plural } from '@/lib/infra/format/plural';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

export function Timeline({
  siteId,
  siteSlug,
  threadId,
  initial,
  canModerate,
  focusId,
  picker = null,
}: {
  siteId: number;
  siteSlug: string;
  threadId: number;
  initial: TimelineMessage[];
  canModerate: boolean;
  /** A message to bring into view (a link from the attachments desk). */
  focusId?: number;
  /** The site's reasons for a delete (null: none offered). */
  picker?: ReasonPicker | null;
}) {
  const [older, setOlder] = useState<TimelineMessage[]>([]);
  const [exhausted, setExhausted] = useState(initial.length === 0);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const { run, pending, message } = useSiteAction();
  const top = useRef<HTMLDivElement>(null);
  const reasonForm = useRef<HTMLFormElement>(null);
  const messages = [...older.filter((o) => !initial.some((m) => m.id === o.id)), ...initial];

  async function loadMore() {
    if (loading || exhausted) return;
    setLoading(true);
    const r = await loadOlderMessages({ siteId, threadId, loaded: messages.map((m) => m.id) });
    setLoading(false);
    if (!r.ok) return setLoadError(r.error);
    setLoadError(null);
    if (r.data.length === 0) setExhausted(true);
    else setOlder((prev) => [...r.data, ...prev]);
  }

  // Scrolling to the top asks the site for the next older page.
  useEffect(() => {
    const el = top.current;
    if (!el || exhausted) return;
    const io = new IntersectionObserver((entries) => entries[0]?.isIntersecting && loadMore());
    io.observe(el);
    return () => io.disconnect();
  });

  // The focused message may be older than the first page: load back until it shows (at most
  // 20 pages), then scroll to it once.
  const focus = useRef({ done: false, pages: 0 });
  const focusLoaded = focusId !== undefined && messages.some((m) => m.id === focusId);
  useEffect(() => {
    if (focusId === undefined || focus.current.done) return;
    if (focusLoaded) {
      focus.current.done = true;
      document.getElementById(`message-${focusId}`)?.scrollIntoView({ block: 'center' });
    } else if (!exhausted && !loading && !loadError && focus.current.pages < 20) {
      focus.current.pages++;
      void loadMore();
    }
  });

  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-label="Messages" className="space-y-2">
      {canModerate && selected.size > 0 ? (
        <div className="sticky top-0 z-10 flex flex-wrap items-start gap-3 rounded-md border border-border bg-surface p-2 text-sm">
          <span>{selected.size} selected</span>
          {picker ? (
            <form
              ref={reasonForm}
              aria-label="Why these messages are deleted"
              className="min-w-64 flex-1"
              onSubmit={(e) => e.preventDefault()}
            >
              <ReasonFields picker={picker} />
            </form>
          ) : null}
          <ConfirmButton
            label="Delete selected"
            confirmLabel={`Delete ${plural(selected.size, 'message')}`}
            consequence={`${plural(selected.size, 'message')} and ${noun(selected.size, 'its', 'their')} files are deleted on the site, for good.`}
            disabled={pending}
            onConfirm={() =>
              run(async () => {
                const r = await deleteThreadMessages({
                  siteId,
                  threadId,
                  messageIds: [...selected],
                  ...reasonValues(reasonForm.current),
                });
                if (r.ok) setSelected(new Set());
                return r;
              }, 'Messages deleted.')
            }
          />
        </div>
      ) : null}
      <ActionMessage message={message} />
      <div ref={top} />
      {exhausted ? (
        <p className="text-center text-xs text-muted">Start of the conversation</p>
      ) : (
        <div className="text-center">
          <Button variant="ghost" onClick={loadMore} disabled={loading}>
            {loading ? 'Loading older messages…' : 'Load older messages'}
          </Button>
          {loadError ? <p className="text-xs text-danger">{loadError}</p> : null}
        </div>
      )}
      <ol className="space-y-2" data-testid="timeline">
        {messages.map((m) => (
          <MessageItem
            key={m.id}
            message={m}
            siteSlug={siteSlug}
            threadId={threadId}
            focused={m.id === focusId}
            selectable={canModerate}
            selected={selected.has(m.id)}
            onToggle={() => toggle(m.id)}
          />
        ))}
      </ol>
      {messages.length === 0 ? <p className="text-sm text-muted">This thread has no messages.</p> : null}
    </section>
  );
}

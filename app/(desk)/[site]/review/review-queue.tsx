'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { formatWhen } from '@/components/format-when';
import { MessageBody } from '@/components/messages/message-body';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { useKeys } from '@/components/ui/use-keys';
import { QueueReasonPicker, type QueueReasonChoice } from '@/components/decisions/queue-reason-picker';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { decideReviewItem } from '@/lib/services/rules/actions';
import type { ReviewDecision, ReviewItem } from '@/lib/services/rules/review';

const DONE: Record<ReviewDecision, string> = { keep: 'Kept', delete: 'Deleted', dismiss: 'Dismissed' };

/**
 * The open review items; j/k move, e keeps, x deletes, d dismisses the selected one. A deletion
 * carries the reason chosen above the list (kept for the next items; 1…9 pick one, 0 none).
 */
export function ReviewQueue({
  siteId,
  slug,
  items,
  canDecide,
  reasons = null,
}: {
  siteId: number;
  slug: string;
  items: ReviewItem[];
  canDecide: boolean;
  reasons?: ReasonPicker | null;
}) {
  const [why, setWhy] = useState<QueueReasonChoice>({ reasonId: null, notify: false });
  const router = useRouter();
  const [gone, setGone] = useState<Set<number>>(new Set());
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const open = items.filter((i) => !gone.has(i.id));
  const current = open[Math.min(selected, open.length - 1)];
  const refs = useRef(new Map<number, HTMLLIElement>());

  useEffect(() => {
    if (current) refs.current.get(current.id)?.focus();
  }, [current]);

  const decide = (item: ReviewItem, decision: ReviewDecision) =>
    start(async () => {
      const r = await decideReviewItem({
        siteId,
        itemId: item.id,
        decision,
        ...(decision === 'delete' && reasons
          ? { reasonId: why.reasonId ?? undefined, notify: why.notify, notifyShown: true }
          : {}),
      });
      if (r.ok || r.code === 'already-handled' || r.code === 'already-yours')
        setGone((g) => new Set(g).add(item.id));
      setMessage(
        r.ok
          ? { ok: true, text: `${DONE[decision]}: message #${item.messageId}.` }
          : { ok: false, text: r.error },
      );
      if (r.ok) router.refresh();
    });

  useKeys({
    ...Object.fromEntries(
      canDecide && reasons
        ? [
            ['0', () => setWhy({ reasonId: null, notify: false })],
            ...reasons.reasons
              .slice(0, 9)
              .map((r, n) => [
                String(n + 1),
                () => setWhy({ reasonId: r.id, notify: reasons.noticesOff ? false : r.notify }),
              ]),
          ]
        : [],
    ),
    j: () => setSelected((s) => Math.min(s + 1, open.length - 1)),
    k: () => setSelected((s) => Math.max(s - 1, 0)),
    e: canDecide && current ? () => decide(current, 'keep') : undefined,
    x: canDecide && current ? () => decide(current, 'delete') : undefined,
    d: canDecide && current ? () => decide(current, 'dismiss') : undefined,
  });

  return (
    <div className="space-y-2">
      {message ? (
        <p
          role="status"
          data-testid="action-message"
          className={message.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
        >
          {message.text}
        </p>
      ) : null}
      {open.length === 0 ? (
        <p
          className="rounded-lg border border-border bg-surface p-4 text-sm text-muted"
          data-testid="review-empty"
        >
          Nothing to review. A rule with the action “Send to BM Desk’s review queue” puts messages here.
        </p>
      ) : (
        <>
          <p className="text-xs text-muted">
            Keys: j / k move{canDecide ? ', e keep, x delete, d dismiss' : ''}
            {canDecide && reasons?.reasons.length ? ', 1…9 a reason for deleting, 0 none' : ''}.
          </p>
          {canDecide && reasons ? (
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
              <span>Reason for deleting:</span>
              <QueueReasonPicker picker={reasons} value={why} onChange={setWhy} />
            </div>
          ) : null}
          <ul className="space-y-2" data-testid="review-list">
            {open.map((item, i) => (
              <li
                key={item.id}
                ref={(el) => {
                  if (el) refs.current.set(item.id, el);
                  else refs.current.delete(item.id);
                }}
                tabIndex={-1}
                aria-current={item.id === current?.id ? 'true' : undefined}
                data-testid="review-item"
                data-message={item.messageId}
                onClick={() => setSelected(i)}
                className={cn(
                  'space-y-2 rounded-lg border bg-surface p-3 outline-none',
                  item.id === current?.id ? 'border-accent' : 'border-border',
                )}
              >
                <div className="flex flex-wrap gap-x-3 text-xs text-muted">
                  <span className="font-medium text-fg">
                    {item.ruleName ? `Rule: ${item.ruleName}` : 'Rule deleted'}
                  </span>
                  <Link href={`/${slug}/users/${item.senderId}`} className="hover:underline">
                    <UntrustedText text={item.senderName ?? `User #${item.senderId}`} />
                  </Link>
                  <Link href={`/${slug}/threads/${item.threadId}`} className="hover:underline">
                    {item.threadSubject ? (
                      <UntrustedText text={item.threadSubject} />
                    ) : (
                      `Thread #${item.threadId}`
                    )}
                  </Link>
                  {item.messageAt ? formatWhen(item.messageAt) : null}
                  <span>sent for review {formatWhen(item.createdAt)}</span>
                  {item.pending ? <span className="text-warn">pending</span> : null}
                </div>
                {item.html === null ? (
                  <p className="text-sm text-muted">Message #{item.messageId} is no longer in the index.</p>
                ) : (
                  <MessageBody html={item.html} />
                )}
                {canDecide ? (
                  <div className="flex gap-2">
                    <Button variant="secondary" disabled={pending} onClick={() => decide(item, 'keep')}>
                      Keep
                    </Button>
                    <Button variant="danger" disabled={pending} onClick={() => decide(item, 'delete')}>
                      Delete
                    </Button>
                    <Button variant="ghost" disabled={pending} onClick={() => decide(item, 'dismiss')}>
                      Dismiss
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

'use client';

import Link from 'next/link';
import { ItemFiles } from '@/components/media/item-files';
import { MessageBody } from '@/components/messages/message-body';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { LoadedQueue } from '@/lib/services/queues/load-queue';
import { SenderHistory } from './sender-history';

/** The focused item in its conversation: the messages just before and after it, from the index. */
export function QueueDetail({
  slug,
  item,
  context,
  history,
}: {
  slug: string;
  item: NonNullable<LoadedQueue['focused']>;
  context: LoadedQueue['context'];
  history: LoadedQueue['history'];
}) {
  const line = (
    m: { id: number; senderName: string | null; senderId: number; html: string; createdAt: Date | string },
    current = false,
  ) => (
    <li
      key={m.id}
      className={current ? 'rounded-md border border-danger/50 bg-surface p-2' : 'p-2 text-muted'}
      data-context={current ? 'current' : 'around'}
    >
      <p className="text-xs">
        <UntrustedText className="font-medium text-fg" text={m.senderName ?? `#${m.senderId}`} /> ·{' '}
        {new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
      </p>
      <MessageBody html={m.html} />
    </li>
  );
  return (
    <div className="space-y-3" data-testid="queue-detail" data-detail-item={item.id}>
      <div className="flex items-baseline justify-between gap-2 text-xs text-muted">
        <span>
          Message #{item.id} in{' '}
          <Link href={`/${slug}/threads/${item.threadId}`} className="text-accent underline">
            <UntrustedText text={item.threadSubject?.trim() || `thread #${item.threadId}`} />
          </Link>
        </span>
        <Link href={`/${slug}/threads?participant=${item.senderId}`} className="text-accent underline">
          Sender&apos;s threads
        </Link>
      </div>
      <ol className="space-y-1" aria-label="In its conversation">
        {context?.before.map((m) => line(m))}
        {line({ ...item, senderName: item.senderName }, true)}
        {context?.after.map((m) => line(m))}
      </ol>
      {item.attachments.length ? (
        // Keyed by item: moving to another item covers its media again.
        <ItemFiles
          key={item.id}
          slug={slug}
          threadId={item.threadId}
          files={item.files}
          sent={item.attachments.length}
        />
      ) : null}
      {item.reports.length || item.aiFlagged ? (
        <ul className="space-y-1 text-xs" aria-label="Reports" data-testid="reports-list">
          {item.aiFlagged ? <li className="text-warn">Flagged by AI moderation</li> : null}
          {item.reports.map((r, i) => (
            <li key={i}>
              <span className="font-medium">{r.category}</span> by{' '}
              <UntrustedText text={r.reporterName ?? `#${r.reporterBmUserId}`} />
              {r.time ? ` · ${r.time.slice(0, 16).replace('T', ' ')} UTC` : ''}
              {r.description ? (
                <span className="block text-muted">
                  “<UntrustedText text={r.description} />”
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {history ? (
        <SenderHistory slug={slug} name={item.senderName ?? `#${item.senderId}`} history={history} />
      ) : null}
    </div>
  );
}

'use client';

import { FilePreview } from '@/components/files/file-preview';
import { cn } from '@/components/ui/cn';
import type { TimelineMessage } from '@/lib/services/threads/timeline';
import { MessageBody } from './message-body';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { plural } from '@/lib/infra/format/plural';

function when(iso: string) {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

export function MessageItem({
  message: m,
  siteSlug,
  threadId,
  focused = false,
  selectable,
  selected,
  onToggle,
}: {
  message: TimelineMessage;
  siteSlug: string;
  threadId: number;
  focused?: boolean;
  selectable: boolean;
  selected: boolean;
  onToggle: () => void;
}) {
  if (m.system) {
    return (
      <li className="text-center text-xs text-muted" data-message-id={m.id}>
        <MessageBody html={m.html} /> · {when(m.createdAt)}
      </li>
    );
  }
  return (
    <li
      id={`message-${m.id}`}
      data-message-id={m.id}
      data-focused={focused || undefined}
      className={cn(
        'scroll-mt-16 rounded-lg border bg-surface p-3',
        m.reports.length ? 'border-danger/50' : m.pending ? 'border-warn/60' : 'border-border',
        selected && 'ring-2 ring-accent',
        focused && 'ring-2 ring-warn',
      )}
    >
      <div className="mb-1 flex items-center gap-2 text-xs">
        {selectable ? (
          <input
            type="checkbox"
            aria-label={`Select message ${m.id}`}
            checked={selected}
            onChange={onToggle}
          />
        ) : null}
        <UntrustedText className="font-medium text-fg" text={m.senderName} testId="sender-name" />
        {m.senderIsGuest ? <span className="text-muted">(guest)</span> : null}
        <time
          dateTime={m.createdAt}
          className="text-muted"
          title={`Your time: ${new Date(m.createdAt).toLocaleString()}`}
        >
          {when(m.createdAt)}
        </time>
        {m.editedAt ? <span className="text-muted">· edited {when(m.editedAt)}</span> : null}
        {m.replyTo ? <span className="text-muted">· reply to #{m.replyTo}</span> : null}
        {m.pending ? <span className="rounded bg-warn-bg px-1 text-warn">pending approval</span> : null}
        {m.reports.length ? (
          <span className="rounded bg-danger-bg px-1 text-danger">{plural(m.reports.length, 'report')}</span>
        ) : null}
        <span className="ml-auto text-muted">#{m.id}</span>
      </div>
      {m.deleted ? (
        <p className="text-sm text-muted italic">Message deleted</p>
      ) : (
        <MessageBody html={m.html} />
      )}
      {m.files.length ? (
        <ul
          className="mt-2 grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2"
          aria-label="Attachments"
        >
          {m.files.map((f) => (
            <li key={f.id} className="rounded border border-border p-1.5">
              <FilePreview
                siteSlug={siteSlug}
                file={{ id: f.id, name: f.name, mime: f.mimeType, ext: null, size: f.size, threadId }}
                // A file in a reported or pending message counts when revealed.
                exposure={m.reports.length || m.pending ? { kind: 'attachment', id: f.id } : null}
                // A re-upload of a removed picture stays covered, whatever the member's blur setting.
                matchesRemoved={f.matchesRemovedId === null ? undefined : { id: f.matchesRemovedId }}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {m.reactions.length ? (
        <p className="mt-1 text-xs text-muted">
          {m.reactions.map((r) => `${r.emoji} ${r.count}`).join('  ')}
        </p>
      ) : null}
      {m.reports.length ? (
        <ul className="mt-2 space-y-1 border-t border-border pt-2 text-xs" aria-label="Reports">
          {m.reports.map((r, i) => (
            <li key={i}>
              <span className="font-medium">{r.category}</span> by{' '}
              <UntrustedText text={r.reporterName ?? `#${r.reporterBmUserId}`} />
              {r.description ? (
                <>
                  : <UntrustedText text={r.description} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

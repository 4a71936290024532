import { cn } from '@/components/ui/cn';
import type { QueueRow } from '@/lib/services/queues/queries';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { plural } from '@/lib/infra/format/plural';

export function age(from: Date | string) {
  const minutes = Math.max(0, Math.round((Date.now() - new Date(from).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

/** One row of a queue: a plain-text glimpse; the full sanitized body is in the detail panel. */
export function QueueItem({
  row,
  kind,
  focused,
  selected,
  onFocus,
  onToggle,
}: {
  row: QueueRow;
  kind: 'report' | 'pending';
  focused: boolean;
  selected: boolean;
  onFocus: () => void;
  onToggle: () => void;
}) {
  const categories = [...new Set(row.reports.map((r) => r.category))];
  return (
    <li
      data-item={row.id}
      aria-current={focused ? 'true' : undefined}
      className={cn(
        'flex gap-2 border-b border-border/60 px-3 py-2 text-sm last:border-0',
        focused && 'bg-surface-2',
      )}
    >
      <input
        type="checkbox"
        aria-label={`Select message ${row.id}`}
        checked={selected}
        onChange={onToggle}
        className="mt-1"
      />
      <button type="button" onClick={onFocus} className="min-w-0 flex-1 text-left">
        <span className="flex items-center gap-2 text-xs text-muted">
          <UntrustedText className="font-medium text-fg" text={row.senderName ?? `#${row.senderId}`} />
          {row.senderIsGuest ? '(guest)' : null}
          <span>
            · <UntrustedText text={row.threadSubject?.trim() || `thread #${row.threadId}`} />
          </span>
          <span className="ml-auto whitespace-nowrap">
            {age(kind === 'report' ? row.oldestReportAt : row.createdAt)}
          </span>
        </span>
        <span className="mt-0.5 block truncate" data-testid="item-text">
          <UntrustedText text={row.text.trim().slice(0, 140) || '(attachments only)'} />
        </span>
        {kind === 'report' ? (
          <span className="mt-0.5 flex gap-1 text-xs">
            {row.reportCount > 0 ? (
              <span className="rounded bg-danger-bg px-1 text-danger">
                {plural(row.reportCount, 'report')}
              </span>
            ) : null}
            {row.aiFlagged ? <span className="rounded bg-warn-bg px-1 text-warn">AI flag</span> : null}
            {categories.map((c) => (
              <span key={c} className="rounded bg-surface-2 px-1 text-muted">
                {c}
              </span>
            ))}
          </span>
        ) : null}
      </button>
    </li>
  );
}

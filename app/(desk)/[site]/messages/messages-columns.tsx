'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { selectColumn } from '@/components/data-table/select-column';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { MessageDeskRow } from '@/lib/services/site-index/queries/messages-desk';

const TYPE_LABEL: Record<string, string> = {
  thread: 'Private',
  group: 'Group',
  'chat-room': 'Chat room',
  course: 'Course',
};

const badge = (text: string, tone: string) => (
  <span className={`rounded px-1 text-xs ${tone}`} key={text}>
    {text}
  </span>
);

/** Where a message is read in its conversation: the thread view scrolls back to it and marks it. */
export function messageHref(slug: string, r: { id: number; threadId: number }) {
  return `/${slug}/threads/${r.threadId}?message=${r.id}#message-${r.id}`;
}

export function messageColumns(slug: string): ColumnDef<MessageDeskRow>[] {
  return [
    selectColumn({ all: 'Select all rows on this page', one: (r) => `Select message ${r.id}` }),
    {
      id: 'text',
      header: 'Message',
      enableSorting: false,
      enableHiding: false,
      cell: ({ row }) => {
        const r = row.original;
        const clipped = r.textLength > r.excerpt.length;
        return (
          <div className="max-w-xl space-y-1">
            <Link
              href={messageHref(slug, r)}
              className="line-clamp-3 break-words whitespace-pre-wrap hover:underline"
              data-testid="message-link"
            >
              {/* Plain text of the message, never its HTML. */}
              <UntrustedText text={r.excerpt.trim() ? r.excerpt + (clipped ? '…' : '') : '(no text)'} />
            </Link>
            <div className="flex flex-wrap gap-1">
              {r.pending ? badge('Pending', 'bg-warn-bg text-warn') : null}
              {r.reportCount > 0 ? badge(`${r.reportCount} reported`, 'bg-danger/10 text-danger') : null}
              {r.aiFlagged ? badge('AI flagged', 'bg-danger/10 text-danger') : null}
              {r.hasLink ? badge('Link', 'bg-surface-2 text-muted') : null}
              {r.hasPhone ? badge('Phone', 'bg-surface-2 text-muted') : null}
              {r.hasEmail ? badge('E-mail', 'bg-surface-2 text-muted') : null}
              {r.attachmentCount > 0 ? badge(`${r.attachmentCount} files`, 'bg-surface-2 text-muted') : null}
            </div>
          </div>
        );
      },
    },
    {
      id: 'senderId',
      header: 'Sender',
      accessorKey: 'senderId',
      cell: ({ row }) => {
        const r = row.original;
        return (
          <Link
            href={`/${slug}/users/${r.senderId}`}
            className="text-xs hover:underline"
            data-testid="sender"
          >
            <UntrustedText text={r.senderName?.trim() || `#${r.senderId}`} />
            {r.senderIsGuest || r.senderId < 0 ? <span className="text-muted"> (guest)</span> : null}
          </Link>
        );
      },
    },
    {
      id: 'threadId',
      header: 'Thread',
      accessorKey: 'threadId',
      cell: ({ row }) => {
        const r = row.original;
        return (
          <Link href={`/${slug}/threads/${r.threadId}`} className="text-xs hover:underline">
            <UntrustedText text={r.threadSubject?.trim() || `Thread #${r.threadId}`} />
            <span className="block text-muted">
              {r.threadType ? (TYPE_LABEL[r.threadType] ?? r.threadType) : '—'}
            </span>
          </Link>
        );
      },
    },
    {
      id: 'createdAt',
      header: 'Sent',
      accessorKey: 'createdAt',
      cell: ({ row }) => (
        <span className="text-xs whitespace-nowrap">{formatWhen(row.original.createdAt)}</span>
      ),
    },
    {
      id: 'reportCount',
      header: 'Reports',
      accessorKey: 'reportCount',
      cell: ({ row }) => (
        <span className={row.original.reportCount > 0 ? 'font-medium text-danger' : 'text-muted'}>
          {row.original.reportCount}
        </span>
      ),
    },
    {
      id: 'attachmentCount',
      header: 'Files',
      accessorKey: 'attachmentCount',
      cell: ({ row }) => (
        <span className={row.original.attachmentCount > 0 ? '' : 'text-muted'}>
          {row.original.attachmentCount}
        </span>
      ),
    },
    {
      id: 'id',
      header: 'Id',
      accessorKey: 'id',
      cell: ({ row }) => <span className="text-xs">#{row.original.id}</span>,
    },
  ];
}

'use client';

import { selectColumn } from '@/components/data-table/select-column';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import type { ThreadListRow } from '@/lib/services/site-index/queries/threads';
import type { UserName } from '@/lib/services/site-index/queries/user-names';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';

const TYPE_LABEL: Record<string, string> = {
  thread: 'Private',
  group: 'Group',
  'chat-room': 'Chat room',
  course: 'Course',
};

function typeLabel(row: ThreadListRow) {
  if (!row.type) return 'Unknown';
  if (row.type === 'thread' && row.participantCount > 2) return 'Group conversation';
  return TYPE_LABEL[row.type] ?? row.type;
}

function count(n: number, tone?: string) {
  return <span className={n > 0 && tone ? tone : n > 0 ? '' : 'text-muted'}>{n.toLocaleString('en')}</span>;
}

export function threadColumns(slug: string, names: Record<number, UserName>): ColumnDef<ThreadListRow>[] {
  return [
    selectColumn({ all: 'Select all rows on this page', one: (r) => `Select thread ${r.id}` }),
    {
      id: 'subject',
      header: 'Subject',
      accessorKey: 'subject',
      cell: ({ row }) => (
        <Link
          href={`/${slug}/threads/${row.original.id}`}
          className="font-medium hover:underline"
          data-testid="thread-link"
        >
          <UntrustedText text={row.original.subject?.trim() || `Thread #${row.original.id}`} />
        </Link>
      ),
    },
    { id: 'type', header: 'Type', accessorKey: 'type', cell: ({ row }) => typeLabel(row.original) },
    {
      id: 'participantCount',
      header: 'Participants',
      accessorKey: 'participantCount',
      cell: ({ row }) => {
        const ids = row.original.participants ?? [];
        const shown = ids
          .slice(0, 4)
          .map((id) => names[id] ?? { id, name: `#${id}`, isGuest: id < 0, avatar: null });
        return (
          <span className="text-xs" data-testid="participants">
            {shown.map((p, i) => (
              <span key={p.id}>
                {i > 0 ? ', ' : ''}
                <UntrustedText text={p.name} />
                {p.isGuest ? <span className="text-muted"> (guest)</span> : null}
              </span>
            ))}
            {row.original.participantCount > shown.length ? (
              <span className="text-muted"> +{row.original.participantCount - shown.length}</span>
            ) : null}
          </span>
        );
      },
    },
    {
      id: 'lastActivityAt',
      header: 'Last activity',
      accessorKey: 'lastActivityAt',
      cell: ({ row }) =>
        row.original.lastActivityAt ? (
          formatWhen(row.original.lastActivityAt)
        ) : (
          <span className="text-muted">—</span>
        ),
    },
    {
      id: 'messageCount',
      header: 'Messages',
      accessorKey: 'messageCount',
      cell: ({ row }) => count(row.original.messageCount),
    },
    {
      id: 'reportedCount',
      header: 'Reports',
      accessorKey: 'reportedCount',
      cell: ({ row }) => count(row.original.reportedCount, 'font-medium text-danger'),
    },
    {
      id: 'pendingCount',
      header: 'Pending',
      accessorKey: 'pendingCount',
      cell: ({ row }) => count(row.original.pendingCount, 'font-medium text-warn'),
    },
    {
      id: 'attachmentCount',
      header: 'Files',
      accessorKey: 'attachmentCount',
      cell: ({ row }) => count(row.original.attachmentCount),
    },
  ];
}

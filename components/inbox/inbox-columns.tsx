'use client';

import { selectColumn } from '@/components/data-table/select-column';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { LabelChip, PriorityChip, StatusChip, Waiting } from '@/components/triage/chips';
import type { Label } from '@/lib/services/triage/catalogue';
import type { InboxListRow } from '@/lib/services/triage/load-inbox';

export const rowKey = (r: { siteId: number; threadId: number }) => `${r.siteId}:${r.threadId}`;

export function inboxColumns({
  labels,
  now,
  allSites,
  presence,
}: {
  labels: Map<number, Label>;
  now: number;
  allSites: boolean;
  presence?: (row: InboxListRow) => React.ReactNode;
}): ColumnDef<InboxListRow>[] {
  return [
    selectColumn({ all: 'Select all rows on this page', one: (r) => `Select conversation ${r.threadId}` }),
    {
      id: 'subject',
      header: 'Conversation',
      enableSorting: false,
      cell: ({ row }) => {
        const r = row.original;
        return (
          <div className="min-w-48 space-y-0.5" data-conversation={rowKey(r)}>
            <Link
              href={`/${r.siteSlug}/inbox/${r.threadId}`}
              className="font-medium hover:underline focus:underline focus:outline-2 focus:outline-accent"
              data-testid="conversation-link"
            >
              <UntrustedText text={r.subject?.trim() || `Thread #${r.threadId}`} />
            </Link>
            <p className="text-xs text-muted">
              {allSites ? <span className="mr-1 rounded bg-surface-2 px-1">{r.siteName}</span> : null}
              {r.people.length
                ? r.people.map((p, i) => (
                    <span key={i}>
                      {i > 0 ? ', ' : ''}
                      <UntrustedText text={p.name} />
                    </span>
                  ))
                : 'No one else'}
            </p>
            {presence ? presence(r) : null}
          </div>
        );
      },
    },
    {
      id: 'waitingSince',
      header: 'Waiting',
      accessorKey: 'waitingSince',
      cell: ({ row }) =>
        row.original.status === 'resolved' ? (
          <span className="text-xs text-muted">resolved</span>
        ) : (
          <Waiting since={row.original.waitingSince} now={now} targetMinutes={row.original.targetMinutes} />
        ),
    },
    {
      id: 'priority',
      header: 'Priority',
      accessorKey: 'priority',
      cell: ({ row }) => <PriorityChip priority={row.original.priority} />,
    },
    {
      id: 'assignee',
      header: 'Assignee',
      enableSorting: false,
      cell: ({ row }) => (
        <span className="text-xs" data-testid="assignee">
          {row.original.assigneeName ?? <span className="text-muted">Unassigned</span>}
        </span>
      ),
    },
    {
      id: 'labels',
      header: 'Labels',
      enableSorting: false,
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-1">
          {row.original.labelIds.map((id) => {
            const l = labels.get(id);
            return l ? <LabelChip key={id} name={l.name} colour={l.colour} /> : null;
          })}
        </span>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      cell: ({ row }) =>
        row.original.status === 'snoozed' && row.original.snoozedUntil ? (
          <span className="text-xs text-muted">Snoozed until {formatWhen(row.original.snoozedUntil)}</span>
        ) : (
          <StatusChip status={row.original.status} />
        ),
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
  ];
}

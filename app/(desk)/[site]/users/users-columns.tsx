'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { InitialsAvatar } from '@/components/initials-avatar';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { UserTableRow } from '@/lib/services/users/load-users';
import { TrustBadge } from './trust-badge';

function count(n: number, tone?: string) {
  return <span className={n > 0 && tone ? tone : n > 0 ? '' : 'text-muted'}>{n.toLocaleString('en')}</span>;
}

export function userColumns(slug: string, trustKnown: boolean): ColumnDef<UserTableRow>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      accessorKey: 'name',
      cell: ({ row }) => {
        const u = row.original;
        return (
          <span className="flex items-center gap-2">
            <InitialsAvatar name={u.name} />
            <span className="min-w-0">
              <Link
                href={`/${slug}/users/${u.id}`}
                className="block max-w-72 truncate font-medium hover:underline"
                data-testid="user-link"
              >
                <UntrustedText text={u.name} />
              </Link>
              {u.isGuest ? (
                <span className="text-xs text-muted" data-testid="guest-mark">
                  Guest
                </span>
              ) : null}
            </span>
          </span>
        );
      },
    },
    {
      id: 'id',
      header: 'Id',
      accessorKey: 'id',
      cell: ({ row }) => <span className="text-xs">{row.original.id}</span>,
    },
    {
      id: 'messageCount',
      header: 'Messages',
      accessorKey: 'messageCount',
      cell: ({ row }) => count(row.original.messageCount),
    },
    {
      id: 'threadCount',
      header: 'Threads',
      accessorKey: 'threadCount',
      cell: ({ row }) => count(row.original.threadCount),
    },
    {
      id: 'reportedCount',
      header: 'Reported',
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
      id: 'restrictions',
      header: 'Bans / mutes',
      enableSorting: false,
      cell: ({ row }) => (
        <span className="text-xs whitespace-nowrap" data-testid="restriction-counts">
          {count(row.original.bans, 'font-medium text-danger')} /{' '}
          {count(row.original.mutes, 'font-medium text-warn')}
        </span>
      ),
    },
    {
      id: 'trust',
      header: 'Trust',
      enableSorting: false,
      cell: ({ row }) =>
        trustKnown ? (
          <TrustBadge status={row.original.trust} />
        ) : (
          <span className="text-xs text-muted">unknown</span>
        ),
    },
    {
      id: 'lastMessageAt',
      header: 'Last message',
      accessorKey: 'lastMessageAt',
      cell: ({ row }) =>
        row.original.lastMessageAt ? (
          formatWhen(row.original.lastMessageAt)
        ) : (
          <span className="text-muted">—</span>
        ),
    },
  ];
}

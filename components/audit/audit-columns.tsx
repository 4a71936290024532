'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { cn } from '@/components/ui/cn';
import { OUTCOME_LABEL } from '@/lib/services/audit/labels';
import type { AuditRow } from '@/lib/services/audit/queries';
import { describe, OUTCOME_STYLE } from './describe';
import { UntrustedText } from '@/components/ui/untrusted-text';

/** Text only: targets and reasons can hold names written by strangers. */
export function auditColumns(): ColumnDef<AuditRow>[] {
  return [
    {
      id: 'at',
      header: 'When (UTC)',
      enableSorting: false,
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          {new Date(row.original.at).toISOString().replace('T', ' ').slice(0, 19)}
        </span>
      ),
    },
    {
      id: 'member',
      header: 'Member',
      enableSorting: false,
      cell: ({ row }) => (
        <span>
          {row.original.memberEmail ?? '—'}
          {row.original.memberRole ? (
            <span className="block text-xs text-muted">{row.original.memberRole}</span>
          ) : null}
        </span>
      ),
    },
    { id: 'site', header: 'Site', enableSorting: false, cell: ({ row }) => row.original.siteName ?? '—' },
    {
      id: 'action',
      header: 'Action',
      enableSorting: false,
      cell: ({ row }) => <span className="font-mono text-xs">{row.original.action}</span>,
    },
    {
      id: 'target',
      header: 'Target',
      enableSorting: false,
      cell: ({ row }) => (
        <UntrustedText className="block max-w-xs text-xs break-words" text={describe(row.original.target)} />
      ),
    },
    {
      id: 'params',
      header: 'Parameters',
      enableSorting: false,
      cell: ({ row }) => (
        <UntrustedText className="block max-w-sm text-xs break-words" text={describe(row.original.params)} />
      ),
    },
    {
      id: 'outcome',
      header: 'Outcome',
      enableSorting: false,
      cell: ({ row }) => {
        const r = row.original;
        return (
          <span
            className={cn('text-xs', OUTCOME_STYLE[r.outcome ?? ''] ?? 'text-muted')}
            data-outcome={r.outcome ?? 'none'}
          >
            {r.outcome ? OUTCOME_LABEL[r.outcome] : 'no outcome recorded'}
            {r.code && r.outcome !== 'ok' ? ` (${r.code})` : ''}
            {r.message && r.outcome !== 'ok' ? (
              <UntrustedText className="block text-muted" text={r.message} />
            ) : null}
          </span>
        );
      },
    },
    {
      id: 'duration',
      header: 'Time',
      enableSorting: false,
      cell: ({ row }) =>
        row.original.durationMs !== null ? (
          <span className="whitespace-nowrap text-xs">{row.original.durationMs} ms</span>
        ) : (
          ''
        ),
    },
  ];
}

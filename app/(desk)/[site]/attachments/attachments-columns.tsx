'use client';

import { selectColumn } from '@/components/data-table/select-column';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { FilePreview } from '@/components/files/file-preview';
import { removedMatch, RemovedMatchBadge } from './removed-match';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { formatSize } from '@/lib/services/files/file-kinds';
import { FileRowActions, uploaderLabel, type FileDialog } from './file-links';
import type { FileRow } from './file-row';

export function attachmentColumns(o: {
  slug: string;
  canModerate: boolean;
  onAction: (dialog: FileDialog) => void;
}): ColumnDef<FileRow>[] {
  const columns: ColumnDef<FileRow>[] = [
    {
      id: 'preview',
      header: 'Preview',
      enableSorting: false,
      enableHiding: false,
      cell: ({ row }) => (
        <FilePreview
          siteSlug={o.slug}
          file={{ ...row.original, threadId: row.original.threadId }}
          exposure={row.original.reported ? { kind: 'attachment', id: row.original.id } : null}
          matchesRemoved={removedMatch(row.original)}
          compact
          className="w-28"
        />
      ),
    },
    {
      id: 'name',
      header: 'Name',
      accessorKey: 'name',
      cell: ({ row }) => (
        <div className="max-w-64">
          <p
            className="truncate font-medium"
            title={row.original.name ? revealHiddenText(row.original.name) : undefined}
            data-testid="file-name"
          >
            <UntrustedText text={row.original.name ?? `File #${row.original.id}`} />
          </p>
          <p className="text-xs text-muted">{row.original.mime ?? 'unknown type'}</p>
        </div>
      ),
    },
    {
      id: 'size',
      header: 'Size',
      accessorKey: 'size',
      cell: ({ row }) => <span className="whitespace-nowrap">{formatSize(row.original.size)}</span>,
    },
    {
      id: 'uploader',
      header: 'Uploader',
      enableSorting: false,
      cell: ({ row }) => (
        <span data-testid="file-uploader" data-uploader-id={row.original.uploaderId ?? undefined}>
          <UntrustedText text={uploaderLabel(row.original)} />
        </span>
      ),
    },
    {
      id: 'thread',
      header: 'Thread',
      enableSorting: false,
      cell: ({ row }) => (
        <Link href={`/${o.slug}/threads/${row.original.threadId}`} className="hover:underline">
          <UntrustedText text={row.original.threadSubject?.trim() || `Thread #${row.original.threadId}`} />
        </Link>
      ),
    },
    {
      id: 'date',
      header: 'Sent',
      accessorKey: 'date',
      cell: ({ row }) => (row.original.date ? formatWhen(row.original.date) : '—'),
    },
    {
      id: 'reported',
      header: 'Reports',
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-col items-start gap-1">
          {row.original.reported ? (
            <span className="rounded bg-danger-bg px-1 text-xs text-danger">reported message</span>
          ) : null}
          <RemovedMatchBadge row={row.original} />
        </div>
      ),
    },
    {
      id: 'actions',
      header: 'Actions',
      enableSorting: false,
      enableHiding: false,
      cell: ({ row }) => (
        <FileRowActions slug={o.slug} row={row.original} canModerate={o.canModerate} onAction={o.onAction} />
      ),
    },
  ];
  if (!o.canModerate) return columns;
  return [
    selectColumn({ all: 'Select all files on this page', one: (r) => `Select file ${r.id}` }),
    ...columns,
  ];
}

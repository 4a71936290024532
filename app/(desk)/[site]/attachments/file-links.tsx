'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import type { FileRow } from './file-row';

export type FileDialog = { row: FileRow; variant: 'remove' | 'ban' };

/** The thread view with the file's message anchored and highlighted. */
export function messageHref(slug: string, row: FileRow) {
  return row.messageId
    ? `/${slug}/threads/${row.threadId}?message=${row.messageId}#message-${row.messageId}`
    : `/${slug}/threads/${row.threadId}`;
}

export function uploaderLabel(row: FileRow) {
  if (row.uploaderId === null) return 'Unknown';
  return `${row.uploaderName ?? `User #${row.uploaderId}`}${row.uploaderIsGuest ? ' (guest)' : ''}`;
}

/** Open the message in its conversation; for moderators, remove the file or ban its uploader. */
export function FileRowActions({
  slug,
  row,
  canModerate,
  onAction,
  short = false,
}: {
  slug: string;
  row: FileRow;
  canModerate: boolean;
  onAction: (dialog: FileDialog) => void;
  /** One-word labels for the grid's narrow cells (the accessible names stay whole). */
  short?: boolean;
}) {
  const name = revealHiddenText(row.name ?? `file #${row.id}`);
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs">
      <Link
        href={messageHref(slug, row)}
        className="text-accent hover:underline"
        aria-label={`Open message of ${name}`}
      >
        {short ? 'Open' : 'Open message'}
      </Link>
      {canModerate ? (
        <>
          <Button
            variant="ghost"
            className="h-6 px-1.5 text-xs text-danger"
            disabled={!row.messageId}
            title={row.messageId ? undefined : 'This file is not in a message yet.'}
            onClick={() => onAction({ row, variant: 'remove' })}
            aria-label={`Remove ${name}`}
          >
            {short ? 'Remove' : 'Remove…'}
          </Button>
          <Button
            variant="ghost"
            className="h-6 px-1.5 text-xs"
            disabled={row.uploaderId === null || row.uploaderId === 0}
            onClick={() => onAction({ row, variant: 'ban' })}
            aria-label={`Ban uploader of ${name}`}
          >
            {short ? 'Ban' : 'Ban uploader…'}
          </Button>
        </>
      ) : null}
    </div>
  );
}

'use client';

import { useRef } from 'react';
import { FilePreview } from '@/components/files/file-preview';
import { plural } from '@/lib/infra/format/plural';
import { useRevealKey } from './protected-media';

type ItemFile = {
  id: number;
  name: string | null;
  mime: string | null;
  ext: string | null;
  size: number | null;
  /** The removed image this picture matches, if any: kept covered with "Matches removed image #N". */
  matchesRemovedId?: number | null;
};

/**
 * The files of a reported or pending message (a queue item): every one is flagged, so each
 * reveal counts towards the member's exposures. `v` reveals the next covered one. Files the
 * index has not read yet are only counted.
 */
export function ItemFiles({
  slug,
  threadId,
  files,
  sent,
}: {
  slug: string;
  threadId: number;
  /** The files as the index knows them. */
  files: ItemFile[];
  /** How many files the message carries. */
  sent: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useRevealKey(box, 'v');
  const unread = Math.max(0, sent - files.length);
  return (
    <div ref={box} className="space-y-1 text-xs text-muted" data-testid="item-files">
      <p>
        {plural(sent, 'attachment')}
        {files.length ? ' · v reveals the next image or video' : ''}
        {unread ? ` · ${unread} not read by the index yet` : ''}
      </p>
      {files.length ? (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2" aria-label="Attachments">
          {files.map((f) => (
            <li key={f.id} className="rounded border border-border p-1.5">
              <FilePreview
                siteSlug={slug}
                file={{ id: f.id, name: f.name, mime: f.mime, ext: f.ext, size: f.size, threadId }}
                exposure={{ kind: 'attachment', id: f.id }}
                matchesRemoved={f.matchesRemovedId == null ? undefined : { id: f.matchesRemovedId }}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

'use client';

import { Download, ExternalLink, FileText } from 'lucide-react';
import { ProtectedMedia } from '@/components/media/protected-media';
import { cn } from '@/components/ui/cn';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import type { ExposureRef } from '@/lib/services/care/kinds';
import { fileUrl, formatSize, previewKind } from '@/lib/services/files/file-kinds';

export type PreviewFile = {
  id: number;
  name: string | null;
  mime: string | null;
  ext: string | null;
  size: number | null;
  /** Lets the safe route find a file the index has not read yet. */
  threadId?: number;
};

/**
 * A file sent on the site, shown safely: every byte comes through BM Desk's file route; images
 * and videos go through ProtectedMedia (covered, greyscale, muted, counted as the member's
 * settings say); anything else is a download. One component for the attachments desk, the
 * thread timeline, the inbox conversation and the queue.
 */
export function FilePreview({
  siteSlug,
  file,
  exposure,
  matchesRemoved,
  deferImage = false,
  compact = false,
  className,
}: {
  siteSlug: string;
  file: PreviewFile;
  /** Set when the file is in a reported or flagged message: revealing it counts as an exposure. */
  exposure?: ExposureRef | null;
  /** The picture matches an image removed before: kept covered until explicitly revealed. */
  matchesRemoved?: { id: number };
  /** While the grid scrolls fast, a placeholder stands in so passing cells request nothing. */
  deferImage?: boolean;
  /** A small preview for table rows. */
  compact?: boolean;
  className?: string;
}) {
  // The stored extension and the name's must both allow a preview: `photo.png` named `x.svg` does not.
  const byExt = previewKind(file.mime, file.ext);
  const kind = byExt === previewKind(file.mime, extOf(file.name)) ? byExt : 'file';
  const rawName = file.name ?? `file-${file.id}`;
  // Labels and tooltips are plain strings: hidden characters in them are shown as markers too.
  const name = revealHiddenText(rawName);
  const at = (o: { thumb?: boolean; download?: boolean } = {}) =>
    fileUrl(siteSlug, file.id, { ...o, threadId: file.threadId });
  const box = compact ? 'h-16 w-28' : 'h-32 w-full';
  const caption = (hidden: boolean) => (
    <figcaption className="flex items-center gap-1">
      <span className="min-w-0 flex-1 truncate" title={name} data-testid="preview-file-name">
        <UntrustedText text={rawName} />
      </span>
      <span className="shrink-0 text-muted">{formatSize(file.size)}</span>
      {kind === 'image' && !hidden ? (
        <a
          href={at()}
          target="_blank"
          rel="noopener noreferrer"
          className="shrink-0 text-accent"
          aria-label={`Open ${name}`}
        >
          <ExternalLink size={12} aria-hidden />
        </a>
      ) : null}
      <a
        href={at({ download: true })}
        download
        className="shrink-0 text-accent"
        aria-label={`Download ${name}`}
      >
        <Download size={12} aria-hidden />
      </a>
    </figcaption>
  );

  if (kind !== 'file') {
    return (
      <ProtectedMedia
        kind={kind}
        src={at()}
        thumbSrc={kind === 'image' ? at({ thumb: true }) : undefined}
        name={rawName}
        siteSlug={siteSlug}
        exposure={exposure}
        matchesRemoved={matchesRemoved}
        deferImage={deferImage}
        boxClassName={box}
        className={cn('flex flex-col gap-1 text-xs', className)}
        data-file-id={file.id}
        data-kind={kind}
        caption={({ hidden }) => caption(hidden)}
      />
    );
  }
  return (
    <figure className={cn('flex flex-col gap-1 text-xs', className)} data-file-id={file.id} data-kind={kind}>
      <div
        className={cn('flex flex-col items-center justify-center gap-1 rounded bg-surface-2 text-muted', box)}
      >
        <FileText size={compact ? 16 : 28} aria-hidden />
        <UntrustedText
          className="font-mono uppercase"
          text={(file.ext ?? extOf(file.name) ?? 'file').slice(0, 8)}
        />
      </div>
      {caption(false)}
    </figure>
  );
}

function extOf(name: string | null): string | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

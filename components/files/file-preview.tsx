'use client';

import { Download, ExternalLink, EyeOff, FileText } from 'lucide-react';
import { useState } from 'react';
import { cn } from '@/components/ui/cn';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
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
 * A file sent on the site, shown safely: every byte comes through BM Desk's file route; raster
 * images start blurred (when the member wants that) until revealed; video and audio use the
 * browser's own player and load nothing until played; anything else is a download. One
 * component for the attachments desk and the thread timeline.
 */
export function FilePreview({
  siteSlug,
  file,
  blur,
  revealed,
  onReveal,
  deferImage = false,
  compact = false,
  className,
}: {
  siteSlug: string;
  file: PreviewFile;
  blur: boolean;
  /** Controlled reveal (the grid keeps it across scrolling); uncontrolled when omitted. */
  revealed?: boolean;
  onReveal?: () => void;
  /** While the grid scrolls fast, a placeholder stands in so passing cells request nothing. */
  deferImage?: boolean;
  /** A small preview for table rows. */
  compact?: boolean;
  className?: string;
}) {
  const [ownReveal, setOwnReveal] = useState(false);
  const shown = revealed ?? ownReveal;
  // The stored extension and the name's must both allow a preview: `photo.png` named `x.svg` does not.
  const byExt = previewKind(file.mime, file.ext);
  const kind = byExt === previewKind(file.mime, extOf(file.name)) ? byExt : 'file';
  const rawName = file.name ?? `file-${file.id}`;
  // Labels and tooltips are plain strings: hidden characters in them are shown as markers too.
  const name = revealHiddenText(rawName);
  const at = (o: { thumb?: boolean; download?: boolean } = {}) =>
    fileUrl(siteSlug, file.id, { ...o, threadId: file.threadId });
  const blurred = kind === 'image' && blur && !shown;
  const box = compact ? 'h-16 w-28' : 'h-32 w-full';

  return (
    <figure
      className={cn('flex flex-col gap-1 text-xs', className)}
      data-file-id={file.id}
      data-kind={kind}
      data-blurred={kind === 'image' ? String(blurred) : undefined}
    >
      {kind === 'image' ? (
        <div className={cn('relative overflow-hidden rounded bg-surface-2', box)}>
          {deferImage ? null : (
            // eslint-disable-next-line @next/next/no-img-element -- bytes come from our own safe route
            <img
              src={at({ thumb: true })}
              alt={blurred ? `Blurred image ${name}` : name}
              loading="lazy"
              decoding="async"
              data-testid="file-thumb"
              className={cn('h-full w-full object-cover', blurred && 'scale-110 blur-xl')}
            />
          )}
          {blurred ? (
            <button
              type="button"
              onClick={() => (onReveal ? onReveal() : setOwnReveal(true))}
              className="absolute inset-0 flex items-center justify-center gap-1 bg-black/20 font-medium text-white"
              aria-label={`Show image ${name}`}
            >
              <EyeOff size={14} aria-hidden /> Show image
            </button>
          ) : null}
        </div>
      ) : kind === 'video' ? (
        <video controls preload="none" src={at()} className={cn('rounded bg-black', box)} aria-label={name} />
      ) : kind === 'audio' ? (
        <audio controls preload="none" src={at()} className={compact ? 'w-28' : 'w-full'} aria-label={name} />
      ) : (
        <div
          className={cn(
            'flex flex-col items-center justify-center gap-1 rounded bg-surface-2 text-muted',
            box,
          )}
        >
          <FileText size={compact ? 16 : 28} aria-hidden />
          <UntrustedText
            className="font-mono uppercase"
            text={(file.ext ?? extOf(file.name) ?? 'file').slice(0, 8)}
          />
        </div>
      )}
      <figcaption className="flex items-center gap-1">
        <span className="min-w-0 flex-1 truncate" title={name} data-testid="preview-file-name">
          <UntrustedText text={rawName} />
        </span>
        <span className="shrink-0 text-muted">{formatSize(file.size)}</span>
        {kind === 'image' && !blurred ? (
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
    </figure>
  );
}

function extOf(name: string | null): string | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

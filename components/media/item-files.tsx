'use client';

import { useRef } from 'react';
import { FilePreview } from '@/components/files/file-preview';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { guessMime } from './guess-mime';
import { useRevealKey } from './protected-media';

/**
 * The files of a reported or pending message (a queue item): every one is flagged, so each
 * reveal counts towards the member's exposures. `v` reveals the next covered one. Files the
 * index has not matched to an id yet show by name only.
 */
export function ItemFiles({
  slug,
  threadId,
  files,
}: {
  slug: string;
  threadId: number;
  files: { id?: number; name?: string; url: string }[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useRevealKey(box, 'v');
  const known = files.filter((f): f is typeof f & { id: number } => typeof f.id === 'number' && f.id > 0);
  const unknown = files.filter((f) => !(typeof f.id === 'number' && f.id > 0));
  return (
    <div ref={box} className="space-y-1 text-xs text-muted" data-testid="item-files">
      <p>
        Attachments{known.length ? ' (v reveals the next one)' : ''}:
        {unknown.map((f, i) => (
          <span key={i}>
            {i > 0 ? ', ' : ' '}
            <UntrustedText text={f.name ?? f.url} />
          </span>
        ))}
      </p>
      {known.length ? (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2" aria-label="Attachments">
          {known.map((f) => (
            <li key={f.id} className="rounded border border-border p-1.5">
              <FilePreview
                siteSlug={slug}
                file={{
                  id: f.id,
                  name: f.name ?? null,
                  mime: guessMime(f.name),
                  ext: null,
                  size: null,
                  threadId,
                }}
                exposure={{ kind: 'attachment', id: f.id }}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

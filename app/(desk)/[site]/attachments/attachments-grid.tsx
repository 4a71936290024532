'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { FilePreview } from '@/components/files/file-preview';
import { removedMatch, RemovedMatchBadge } from './removed-match';
import { cn } from '@/components/ui/cn';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { FileRowActions, uploaderLabel, type FileDialog } from './file-links';
import type { FileRow } from './file-row';
import { GRID_CHUNK } from './size-ranges';
import { plural } from '@/lib/infra/format/plural';

const CELL_WIDTH = 184;
const GAP = 12;
const ROW_HEIGHT = 262;

/**
 * Every matching file in one scroll, virtualized: only the rows in (and just around) the window
 * are in the DOM, file details come in chunks for the window the scroll settles on, and while
 * the grid scrolls fast, passing cells show placeholders, so thumbnails load only for files a
 * moderator actually stops at.
 */
export function AttachmentsGrid({
  slug,
  query,
  total,
  first,
  canModerate,
  selected,
  onToggle,
  onAction,
}: {
  slug: string;
  /** The page's URL query (filters and order), for the chunk requests. */
  query: string;
  total: number;
  first: FileRow[];
  canModerate: boolean;
  selected: Map<number, FileRow>;
  onToggle: (row: FileRow) => void;
  onAction: (dialog: FileDialog) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [chunks, setChunks] = useState<Map<number, FileRow[]>>(() => new Map([[0, first]]));
  const [failed, setFailed] = useState<string | null>(null);
  const asked = useRef(new Set<number>([0]));
  // Files the grid has come to rest on: their thumbnails load, and stay while it scrolls past again.
  const [settled, setSettled] = useState<ReadonlySet<number>>(() => new Set());

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (CELL_WIDTH + GAP)));
  const rowCount = Math.ceil(total / columns);
  // TanStack Virtual returns fresh functions each render by design; React Compiler must not memoise it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 1,
  });
  const rows = virtualizer.getVirtualItems();
  const scrolling = virtualizer.isScrolling;
  const firstIndex = (rows[0]?.index ?? 0) * columns;
  const lastIndex = Math.min(total - 1, ((rows.at(-1)?.index ?? 0) + 1) * columns - 1);

  const load = useCallback(
    async (chunk: number) => {
      asked.current.add(chunk);
      try {
        const res = await fetch(`/${slug}/attachments/rows?${query}${query ? '&' : ''}chunk=${chunk}`);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { rows: FileRow[] };
        setChunks((prev) => new Map(prev).set(chunk, body.rows));
        setFailed(null);
      } catch (err) {
        asked.current.delete(chunk);
        setFailed(
          `Could not load files ${chunk * GRID_CHUNK + 1}–${(chunk + 1) * GRID_CHUNK}: ${(err as Error).message}`,
        );
      }
    },
    [slug, query],
  );

  // The window's chunks, once the scroll settles: a fling across 10,000 files asks for nothing.
  useEffect(() => {
    if (scrolling || total === 0) return;
    for (let c = Math.floor(firstIndex / GRID_CHUNK); c <= Math.floor(lastIndex / GRID_CHUNK); c++) {
      if (!asked.current.has(c)) void load(c);
    }
  }, [scrolling, firstIndex, lastIndex, total, load]);

  useEffect(() => {
    if (scrolling) return;
    const fresh: number[] = [];
    for (let i = firstIndex; i <= lastIndex; i++) {
      const id = chunks.get(Math.floor(i / GRID_CHUNK))?.[i % GRID_CHUNK]?.id;
      if (id !== undefined && !settled.has(id)) fresh.push(id);
    }
    if (fresh.length) setSettled((prev) => new Set([...prev, ...fresh]));
  }, [scrolling, firstIndex, lastIndex, chunks, settled]);

  const fileAt = (i: number) => chunks.get(Math.floor(i / GRID_CHUNK))?.[i % GRID_CHUNK];

  return (
    <div className="space-y-2">
      {failed ? (
        <p role="alert" className="text-xs text-danger">
          {failed}
        </p>
      ) : null}
      <div
        ref={scroller}
        className="h-[calc(100vh-16rem)] min-h-96 overflow-auto rounded-lg border border-border bg-surface p-3"
        data-testid="attachments-grid"
        aria-label={plural(total, 'file')}
        role="list"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((vr) => (
            <div
              key={vr.key}
              className="absolute left-0 flex w-full"
              style={{ top: vr.start, height: ROW_HEIGHT, gap: GAP }}
            >
              {Array.from({ length: columns }, (_, col) => {
                const index = vr.index * columns + col;
                if (index >= total) return null;
                const row = fileAt(index);
                if (!row) {
                  return (
                    <div
                      key={`p${index}`}
                      className="h-[250px] animate-pulse rounded-lg bg-surface-2"
                      style={{ width: CELL_WIDTH }}
                      aria-hidden
                    />
                  );
                }
                return (
                  <div
                    key={row.id}
                    role="listitem"
                    data-testid="grid-file"
                    data-uploader-id={row.uploaderId ?? undefined}
                    className={cn(
                      'flex h-[250px] flex-col gap-1 rounded-lg border p-2 text-xs',
                      selected.has(row.id) ? 'border-accent ring-1 ring-accent' : 'border-border',
                      row.reported && 'border-danger/60',
                    )}
                    style={{ width: CELL_WIDTH }}
                  >
                    <FilePreview
                      siteSlug={slug}
                      file={{ ...row, threadId: row.threadId }}
                      exposure={row.reported ? { kind: 'attachment', id: row.id } : null}
                      matchesRemoved={removedMatch(row)}
                      deferImage={!settled.has(row.id)}
                    />
                    <p className="truncate text-muted" title={revealHiddenText(uploaderLabel(row))}>
                      {canModerate ? (
                        <input
                          type="checkbox"
                          className="mr-1 align-middle"
                          aria-label={`Select file ${row.id}`}
                          checked={selected.has(row.id)}
                          onChange={() => onToggle(row)}
                        />
                      ) : null}
                      <UntrustedText text={uploaderLabel(row)} /> · {row.date?.slice(0, 10)}
                      {row.reported ? <span className="ml-1 text-danger">reported</span> : null}
                      <RemovedMatchBadge row={row} short />
                    </p>
                    <FileRowActions
                      slug={slug}
                      row={row}
                      canModerate={canModerate}
                      onAction={onAction}
                      short
                    />
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <p className="text-xs text-muted" data-testid="grid-window">
        {plural(total, 'file')}
        {total > 0 ? ` · showing ${firstIndex + 1}–${lastIndex + 1}` : ''}
      </p>
    </div>
  );
}

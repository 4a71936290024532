'use client';

import { DateRangeFilter, FilterSelect, YES_NO } from '@/components/data-table/filters';
import { useEffect, useState } from 'react';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { UserPicker } from '@/components/users/user-picker';
import type { AttachmentsSearch } from './search-params';
import { FILE_KINDS, SIZE_RANGES } from './size-ranges';
import { CsvDownloadLink } from '@/components/data-table/csv-download-link';

const GRID_SORTS = [
  ['date.desc', 'Newest first'],
  ['date.asc', 'Oldest first'],
  ['size.desc', 'Largest first'],
  ['size.asc', 'Smallest first'],
] as const;

/** Types text into the URL 300 ms after the last keystroke, so each key is not a query. */
function useDebouncedParam(key: string, value: string | undefined) {
  const { set } = useUrlState();
  const [text, setText] = useState(value ?? '');
  useEffect(() => {
    if ((value ?? '') === text) return;
    const t = setTimeout(() => set({ [key]: text.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [key, text, value, set]);
  return [text, setText] as const;
}

export function AttachmentsToolbar({
  siteId,
  search,
  exts,
  uploaderName,
}: {
  siteId: number;
  search: AttachmentsSearch;
  exts: string[];
  uploaderName?: string;
}) {
  const { set } = useUrlState();
  const [name, setName] = useDebouncedParam('q', search.q);
  const [thread, setThread] = useDebouncedParam('thread', search.thread?.toString());
  const toggleKind = (kind: string) => {
    const next = search.kind.includes(kind as never)
      ? search.kind.filter((k) => k !== kind)
      : [...search.kind, kind];
    set({ kind: next.join(',') || null });
  };
  const sortValue = search.sort.map((s) => `${s.id}.${s.desc ? 'desc' : 'asc'}`).join(',');

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter attachments">
      <label className="space-y-1">
        <span className="block text-xs text-muted">File name</span>
        <input
          type="search"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={inputClass + ' w-44'}
          placeholder="Name contains…"
        />
      </label>
      <fieldset className="space-y-1">
        <legend className="text-xs text-muted">Kind</legend>
        <div className="flex gap-2">
          {FILE_KINDS.map(([kind, label]) => (
            <label key={kind} className="flex items-center gap-1 text-xs">
              <input type="checkbox" checked={search.kind.includes(kind)} onChange={() => toggleKind(kind)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <FilterSelect
        label="Type"
        value={search.ext}
        options={exts.map((ext) => [ext, `.${ext}`] as const)}
        width="w-24"
        onChange={(v) => set({ ext: v || null })}
      />
      <FilterSelect
        label="Size"
        value={search.size}
        options={Object.entries(SIZE_RANGES).map(([key, r]) => [key, r.label] as const)}
        onChange={(v) => set({ size: v || null })}
      />
      <div className="space-y-1">
        <span className="block text-xs text-muted">Uploader</span>
        <UserPicker
          siteId={siteId}
          label="Uploader"
          selected={
            search.uploader !== undefined
              ? { id: search.uploader, name: uploaderName ?? `#${search.uploader}` }
              : null
          }
          onChange={(u) => set({ uploader: u?.id ?? null })}
        />
      </div>
      <label className="space-y-1">
        <span className="block text-xs text-muted">Thread id</span>
        <input
          inputMode="numeric"
          value={thread}
          onChange={(e) => setThread(e.target.value.replace(/\D/g, ''))}
          className={inputClass + ' w-24'}
        />
      </label>
      <DateRangeFilter from={search.from} to={search.to} onChange={set} labels={['Sent from', 'to']} />
      <FilterSelect
        label="In a reported message"
        value={search.reported}
        options={YES_NO}
        width="w-20"
        onChange={(v) => set({ reported: v || null })}
      />
      <FilterSelect
        label="Matches a removed image"
        value={search.matches}
        options={YES_NO}
        width="w-20"
        onChange={(v) => set({ matches: v || null })}
      />
      {search.view === 'grid' ? (
        <FilterSelect
          label="Order"
          value={sortValue}
          options={GRID_SORTS}
          anyLabel={null}
          onChange={(v) => set({ sort: v })}
        />
      ) : null}
      <Button
        variant="ghost"
        onClick={() => {
          setName('');
          setThread('');
          set({
            q: null,
            kind: null,
            ext: null,
            size: null,
            uploader: null,
            thread: null,
            from: null,
            to: null,
            reported: null,
            matches: null,
          });
        }}
      >
        Reset
      </Button>
      <CsvDownloadLink search={search} />
    </div>
  );
}

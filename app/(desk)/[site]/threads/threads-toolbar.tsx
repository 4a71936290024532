'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { DateRangeFilter, FilterSelect, YES_NO } from '@/components/data-table/filters';
import { useUrlState } from '@/components/data-table/use-url-state';
import { inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { UserPicker } from '@/components/users/user-picker';
import type { ThreadsSearch } from '@/lib/services/threads/search-params';
import { THREAD_TYPES } from '@/lib/services/threads/thread-types';
import { CsvDownloadLink } from '@/components/data-table/csv-download-link';

const TYPE_LABEL: Record<string, string> = {
  thread: 'Private & group',
  group: 'Group chats',
  'chat-room': 'Chat rooms',
};
const FLAGS = [
  ['reports', 'Reports'],
  ['pending', 'Pending'],
  ['attachments', 'Files'],
  ['bans', 'Bans'],
  ['mutes', 'Mutes'],
] as const;

export function ThreadsToolbar({
  siteId,
  search,
  participantName,
}: {
  siteId: number;
  search: ThreadsSearch;
  participantName?: string;
}) {
  const { set } = useUrlState();
  const [text, setText] = useState(search.q ?? '');
  // Typing waits 300 ms before asking the server, so each keystroke is not a query; Enter asks at once.
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const commitText = useCallback(() => {
    clearTimeout(typing.current);
    if ((search.q ?? '') !== text.trim()) set({ q: text.trim() || null });
  }, [search.q, text, set]);
  useEffect(() => {
    typing.current = setTimeout(commitText, 300);
    return () => clearTimeout(typing.current);
  }, [commitText]);

  const toggleType = (type: string) => {
    const next = search.type.includes(type) ? search.type.filter((t) => t !== type) : [...search.type, type];
    set({ type: next.join(',') || null });
  };

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter threads">
      <label className="space-y-1">
        <span className="block text-xs text-muted">Search message text or subject</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            commitText();
          }}
          className={inputClass + ' w-64'}
          placeholder="Words…"
        />
      </label>
      <div className="space-y-1">
        <span className="block text-xs text-muted">Participant</span>
        <UserPicker
          siteId={siteId}
          label="Participant"
          selected={
            search.participant !== undefined
              ? { id: search.participant, name: participantName ?? `#${search.participant}` }
              : null
          }
          onChange={(u) => set({ participant: u?.id ?? null })}
        />
      </div>
      <fieldset className="space-y-1">
        <legend className="text-xs text-muted">Type</legend>
        <div className="flex gap-2">
          {THREAD_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-1 text-xs">
              <input type="checkbox" checked={search.type.includes(t)} onChange={() => toggleType(t)} />
              {TYPE_LABEL[t]}
            </label>
          ))}
        </div>
      </fieldset>
      <DateRangeFilter from={search.from} to={search.to} onChange={set} labels={['Active from', 'to']} />
      {FLAGS.map(([key, label]) => (
        <FilterSelect
          key={key}
          label={label}
          value={search[key]}
          options={YES_NO}
          width="w-20"
          onChange={(v) => set({ [key]: v || null })}
        />
      ))}
      <Button
        variant="ghost"
        onClick={() => {
          setText('');
          set({
            q: null,
            participant: null,
            type: null,
            from: null,
            to: null,
            reports: null,
            pending: null,
            attachments: null,
            bans: null,
            mutes: null,
          });
        }}
      >
        Reset
      </Button>
      <CsvDownloadLink search={search} />
    </div>
  );
}

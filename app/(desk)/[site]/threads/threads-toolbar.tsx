'use client';

import { useEffect, useState } from 'react';
import { useUrlState } from '@/components/data-table/use-url-state';
import { inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { UserPicker } from '../user-picker';
import type { ThreadsSearch } from './search-params';
import { THREAD_TYPES } from './thread-types';

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
  // Typing waits 300 ms before asking the server, so each keystroke is not a query.
  useEffect(() => {
    if ((search.q ?? '') === text) return;
    const t = setTimeout(() => set({ q: text.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [text, search.q, set]);

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
      <label className="space-y-1">
        <span className="block text-xs text-muted">Active from</span>
        <input
          type="date"
          value={search.from ?? ''}
          onChange={(e) => set({ from: e.target.value || null })}
          className={inputClass}
        />
      </label>
      <label className="space-y-1">
        <span className="block text-xs text-muted">to</span>
        <input
          type="date"
          value={search.to ?? ''}
          onChange={(e) => set({ to: e.target.value || null })}
          className={inputClass}
        />
      </label>
      {FLAGS.map(([key, label]) => (
        <label key={key} className="space-y-1">
          <span className="block text-xs text-muted">{label}</span>
          <select
            aria-label={label}
            value={search[key] === undefined ? '' : search[key] ? '1' : '0'}
            onChange={(e) => set({ [key]: e.target.value || null })}
            className={inputClass + ' w-20'}
          >
            <option value="">Any</option>
            <option value="1">Yes</option>
            <option value="0">No</option>
          </select>
        </label>
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
    </div>
  );
}

'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { DateRangeFilter, FilterField, FilterSelect, YES_NO } from '@/components/data-table/filters';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { UserPicker } from '@/components/users/user-picker';
import { MESSAGE_FILTER_KEYS, type MessagesSearch } from '@/lib/services/messages/search-params';
import { THREAD_TYPES } from '@/lib/services/threads/thread-types';

const TYPE_LABEL: Record<string, string> = {
  thread: 'Private & group',
  group: 'Group chats',
  'chat-room': 'Chat rooms',
};
const FLAGS = [
  ['link', 'Link'],
  ['phone', 'Phone'],
  ['email', 'E-mail'],
  ['files', 'Files'],
  ['pending', 'Pending'],
  ['reported', 'Reported'],
  ['ai', 'AI flagged'],
  ['guest', 'Guest sender'],
] as const;

/** A text filter that asks the server when Enter is pressed or the field is left. */
function TextFilter({
  label,
  value,
  placeholder,
  width = 'w-40',
  onCommit,
}: {
  label: string;
  value: string | undefined;
  placeholder?: string;
  width?: string;
  onCommit: (v: string | null) => void;
}) {
  const [text, setText] = useState(value ?? '');
  const commit = () => {
    if ((value ?? '') !== text.trim()) onCommit(text.trim() || null);
  };
  return (
    <FilterField label={label}>
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          commit();
        }}
        className={`${inputClass} ${width}`}
        placeholder={placeholder}
      />
    </FilterField>
  );
}

export function MessagesToolbar({
  siteId,
  search,
  senderName,
}: {
  siteId: number;
  search: MessagesSearch;
  senderName?: string;
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
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter messages">
      <label className="space-y-1">
        <span className="block text-xs text-muted">Search message text</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            commitText();
          }}
          className={inputClass + ' w-56'}
          placeholder="Words…"
        />
      </label>
      <TextFilter
        key={`words-${search.words ?? ''}`}
        label="Any of these words"
        value={search.words}
        placeholder="casino, free money"
        width="w-48"
        onCommit={(v) => set({ words: v })}
      />
      <TextFilter
        key={`domain-${search.domain ?? ''}`}
        label="Links to domain"
        value={search.domain}
        placeholder="example.com"
        onCommit={(v) => set({ domain: v })}
      />
      <TextFilter
        key={`outside-${search.outside?.join(',') ?? ''}`}
        label="Links outside (allow-list)"
        value={search.outside?.join(',')}
        placeholder="our-site.com, youtube.com"
        width="w-52"
        onCommit={(v) => set({ outside: v })}
      />
      <div className="space-y-1">
        <span className="block text-xs text-muted">Sender</span>
        <UserPicker
          siteId={siteId}
          label="Sender"
          selected={
            search.sender !== undefined
              ? { id: search.sender, name: senderName ?? `#${search.sender}` }
              : null
          }
          onChange={(u) => set({ sender: u?.id ?? null })}
        />
      </div>
      <TextFilter
        key={`thread-${search.thread ?? ''}`}
        label="Thread id"
        value={search.thread !== undefined ? String(search.thread) : undefined}
        placeholder="123"
        width="w-24"
        onCommit={(v) => set({ thread: v })}
      />
      <fieldset className="space-y-1">
        <legend className="text-xs text-muted">Thread type</legend>
        <div className="flex gap-2">
          {THREAD_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-1 text-xs">
              <input type="checkbox" checked={search.type.includes(t)} onChange={() => toggleType(t)} />
              {TYPE_LABEL[t]}
            </label>
          ))}
        </div>
      </fieldset>
      <DateRangeFilter from={search.from} to={search.to} onChange={set} labels={['Sent from', 'to']} />
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
          set(Object.fromEntries(MESSAGE_FILTER_KEYS.map((k) => [k, null])));
        }}
      >
        Reset
      </Button>
    </div>
  );
}

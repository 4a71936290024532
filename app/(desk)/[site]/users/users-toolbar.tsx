'use client';

import { useEffect, useState } from 'react';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import type { UsersSearch } from './search-params';
import { CsvDownloadLink } from '@/components/data-table/csv-download-link';

const FLAGS = [
  ['reports', 'Has reports'],
  ['banned', 'Banned somewhere'],
  ['guest', 'Guest'],
] as const;

export function UsersToolbar({ search }: { search: UsersSearch }) {
  const { set } = useUrlState();
  const [text, setText] = useState(search.q ?? '');
  // Typing waits 300 ms before asking the server (and the site), so each keystroke is not a query.
  useEffect(() => {
    if ((search.q ?? '') === text) return;
    const t = setTimeout(() => set({ q: text.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [text, search.q, set]);

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter users">
      <label className="space-y-1">
        <span className="block text-xs text-muted">Name, email or id</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className={cn(inputClass, 'w-64')}
          placeholder="Search people…"
        />
      </label>
      {FLAGS.map(([key, label]) => (
        <label key={key} className="space-y-1">
          <span className="block text-xs text-muted">{label}</span>
          <select
            aria-label={label}
            value={search[key] === undefined ? '' : search[key] ? '1' : '0'}
            onChange={(e) => set({ [key]: e.target.value || null })}
            className={cn(inputClass, 'w-20')}
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
          set({ q: null, reports: null, banned: null, guest: null });
        }}
      >
        Reset
      </Button>
      <CsvDownloadLink search={search} />
    </div>
  );
}

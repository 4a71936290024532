'use client';

import { useEffect, useId, useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { findSiteUsers } from '@/lib/services/users/actions';
import { UntrustedText } from '@/components/ui/untrusted-text';

type Picked = { id: number; name: string; isGuest?: boolean };

/** Finds people the index has seen on the site by name or id. */
export function UserPicker({
  siteId,
  label,
  selected,
  onChange,
}: {
  siteId: number;
  label: string;
  selected: Picked | null;
  onChange: (user: Picked | null) => void;
}) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<Picked[]>([]);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const listOpen = Boolean(query.trim() && (options.length > 0 || error));

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let stale = false;
    const t = setTimeout(async () => {
      const r = await findSiteUsers({ siteId, search: q });
      if (stale) return;
      if (r.ok) {
        setOptions(r.data);
        setError(null);
      } else setError(r.error);
    }, 250);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [query, siteId]);

  if (selected) {
    return (
      <div
        className="flex h-8 items-center gap-2 rounded-md border border-border bg-surface px-2 text-sm"
        data-testid={`picked-${label}`}
      >
        <UntrustedText text={selected.name} />
        <button
          type="button"
          className="text-muted hover:text-fg"
          aria-label={`Clear ${label}`}
          onClick={() => onChange(null)}
        >
          ×
        </button>
      </div>
    );
  }
  return (
    <div className="relative w-56">
      <input
        aria-label={label}
        // Only a list that is in the page can be named: closed, there is none.
        aria-controls={listOpen ? listId : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          if (!e.target.value.trim()) setOptions([]);
        }}
        className={inputClass}
        placeholder="Name or id…"
      />
      {listOpen ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={`${label} matches`}
          className="absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-md border border-border bg-surface py-1 shadow-lg"
        >
          {error ? <li className="px-2 py-1 text-xs text-danger">{error}</li> : null}
          {options.map((o) => (
            <li key={o.id} role="option" aria-selected={false}>
              <button
                type="button"
                className="w-full px-2 py-1 text-left text-sm hover:bg-surface-2"
                onClick={() => {
                  onChange(o);
                  setQuery('');
                  setOptions([]);
                }}
              >
                <UntrustedText text={o.name} />{' '}
                <span className="text-xs text-muted">
                  #{o.id}
                  {o.isGuest ? ' · guest' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

'use client';

import { useEffect, useId, useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { findSiteUsers } from '@/lib/services/users/actions';
import { UntrustedText } from '@/components/ui/untrusted-text';

type Picked = { id: number; name: string; isGuest?: boolean };

/**
 * Finds people the index has seen on the site by name or id: a combobox, its matches a listbox.
 * Focus stays in the field; the arrow keys move through the matches, Enter picks, Escape puts
 * the list away (and only the list, when it is in a dialog).
 */
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
  // The match the arrow keys are on (-1: none yet), and whether Escape put the list away.
  const [active, setActive] = useState(-1);
  const [dismissed, setDismissed] = useState(false);
  const listId = useId();
  const showing = Boolean(query.trim()) && !dismissed;
  const listOpen = showing && options.length > 0;
  const errorShown = showing ? error : null;
  const activeId = listOpen && active >= 0 ? `${listId}-${active}` : undefined;

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let stale = false;
    const t = setTimeout(async () => {
      const r = await findSiteUsers({ siteId, search: q });
      if (stale) return;
      if (r.ok) {
        setOptions(r.data);
        setActive(-1);
        setError(null);
      } else setError(r.error);
    }, 250);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [query, siteId]);

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  function pick(o: Picked) {
    onChange(o);
    setQuery('');
    setOptions([]);
    setActive(-1);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    const n = options.length;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && n > 0 && query.trim()) {
      e.preventDefault();
      setDismissed(false);
      if (e.key === 'ArrowDown') setActive(active < 0 ? 0 : (active + 1) % n);
      else setActive(active < 0 ? n - 1 : (active - 1 + n) % n);
    } else if (e.key === 'Enter' && listOpen && options[active]) {
      // Picks the match instead of submitting a form the picker is in.
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape' && (listOpen || errorShown)) {
      e.preventDefault();
      setDismissed(true);
    }
  }

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
        role="combobox"
        aria-label={label}
        aria-expanded={listOpen}
        // Only a list that is in the page can be named: closed, there is none.
        aria-controls={listOpen ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setDismissed(false);
          setActive(-1);
          if (!e.target.value.trim()) setOptions([]);
        }}
        onKeyDown={onKeyDown}
        className={inputClass}
        placeholder="Name or id…"
      />
      {/* The panel holds the error line and the list; the error is no option, so it sits outside
          the listbox. The status line stays in the page, empty, so a failure is announced. */}
      <div
        className={
          listOpen || errorShown
            ? 'absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-md border border-border bg-surface py-1 shadow-lg'
            : undefined
        }
      >
        <p role="status" className={errorShown ? 'px-2 py-1 text-xs text-danger' : undefined}>
          {errorShown}
        </p>
        {listOpen ? (
          <ul id={listId} role="listbox" aria-label={`${label} matches`}>
            {options.map((o, i) => (
              <li
                key={o.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`px-2 py-1 text-left text-sm hover:bg-surface-2 ${i === active ? 'bg-surface-2' : ''}`}
                // Keeps focus in the field, where the keys are.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(o)}
              >
                <UntrustedText text={o.name} />{' '}
                <span className="text-xs text-muted">
                  #{o.id}
                  {o.isGuest ? ' · guest' : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

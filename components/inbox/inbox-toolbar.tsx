'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import type { Label, SavedView } from '@/lib/services/triage/catalogue';
import {
  INBOX_VIEWS,
  PRIORITY_LABELS,
  TRIAGE_PRIORITIES,
  VIEW_LABELS,
  type InboxView,
} from '@/lib/services/triage/constants';
import type { InboxSearch } from '@/lib/services/triage/inbox-search';
import { deleteInboxView, saveInboxView } from '@/lib/services/triage/actions';
import { CsvDownloadLink } from '@/components/data-table/csv-download-link';

/** The six views with their counts; a view keeps the filters beside it. */
export function ViewTabs({ current, counts }: { current: InboxView; counts: Record<InboxView, number> }) {
  const { params, set } = useUrlState();
  return (
    <nav aria-label="Inbox views" className="flex flex-wrap gap-1 border-b border-border">
      {INBOX_VIEWS.map((v) => {
        const next = new URLSearchParams(params.toString());
        next.set('view', v);
        next.delete('page');
        next.delete('sort');
        return (
          <a
            key={v}
            href={`?${next}`}
            onClick={(e) => {
              e.preventDefault();
              set({ view: v, sort: null });
            }}
            aria-current={v === current ? 'page' : undefined}
            data-testid={`view-${v}`}
            className={cn(
              '-mb-px flex items-center gap-1.5 border-b-2 px-3 py-1.5 text-sm',
              v === current ? 'border-accent font-medium' : 'border-transparent text-muted hover:text-fg',
            )}
          >
            {VIEW_LABELS[v]}
            <span className="rounded bg-surface-2 px-1.5 text-xs" data-testid={`view-count-${v}`}>
              {counts[v].toLocaleString('en')}
            </span>
          </a>
        );
      })}
    </nav>
  );
}

export function InboxToolbar({
  search,
  labels,
  team,
}: {
  search: InboxSearch;
  labels: Label[];
  team: { id: number; name: string }[];
}) {
  const { set } = useUrlState();
  const [text, setText] = useState(search.q ?? '');
  useEffect(() => {
    if ((search.q ?? '') === text) return;
    const t = setTimeout(() => set({ q: text.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [text, search.q, set]);
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter conversations">
      <label className="space-y-1">
        <span className="block text-xs text-muted">Subject</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className={inputClass + ' w-56'}
          placeholder="Words…"
        />
      </label>
      <label className="space-y-1">
        <span className="block text-xs text-muted">Label</span>
        <select
          aria-label="Label"
          value={search.label ?? ''}
          onChange={(e) => set({ label: e.target.value || null })}
          className={inputClass + ' w-36'}
        >
          <option value="">Any</option>
          {labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1">
        <span className="block text-xs text-muted">Priority</span>
        <select
          aria-label="Priority"
          value={search.priority ?? ''}
          onChange={(e) => set({ priority: e.target.value || null })}
          className={inputClass + ' w-32'}
        >
          <option value="">Any</option>
          {TRIAGE_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1">
        <span className="block text-xs text-muted">Assignee</span>
        <select
          aria-label="Assignee"
          value={search.assignee ?? ''}
          onChange={(e) => set({ assignee: e.target.value || null })}
          className={inputClass + ' w-40'}
        >
          <option value="">Anyone</option>
          {team.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <CsvDownloadLink search={search} />
    </div>
  );
}

/** Saved views: any filter set from the URL, by name, for oneself or the whole team. */
export function SavedViews({ siteId, views }: { siteId: number | null; views: SavedView[] }) {
  const { params } = useUrlState();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const query = params.toString();
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="saved-views">
      <span className="text-xs text-muted">Saved views:</span>
      {views.length === 0 ? <span className="text-xs text-muted">none yet</span> : null}
      {views.map((v) => (
        <span key={v.id} className="inline-flex items-center gap-1 rounded border border-border px-2 py-0.5">
          <Link href={`?${v.query}`} className={cn('hover:underline', v.query === query && 'font-medium')}>
            {v.name}
          </Link>
          {v.shared ? <span className="text-xs text-muted">(team)</span> : null}
          {v.mine ? (
            <button
              type="button"
              aria-label={`Delete view ${v.name}`}
              className="text-xs text-muted hover:text-danger"
              onClick={async () => {
                const r = await deleteInboxView({ viewId: v.id });
                if (!r.ok) setError(r.error);
              }}
            >
              ×
            </button>
          ) : null}
        </span>
      ))}
      {naming ? (
        <form
          className="flex items-center gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await saveInboxView({ siteId: siteId ?? '', name, shared, query });
            if (r.ok) {
              setNaming(false);
              setName('');
              setError(null);
            } else setError(r.fieldErrors?.name?.[0] ?? r.error);
          }}
        >
          <input
            aria-label="View name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            className={inputClass + ' w-40'}
            placeholder="Name"
            autoFocus
          />
          <label className="flex items-center gap-1 text-xs">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            Share with the team
          </label>
          <Button type="submit">Save view</Button>
          <Button variant="ghost" onClick={() => setNaming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button variant="ghost" onClick={() => setNaming(true)}>
          Save this view…
        </Button>
      )}
      {error ? <span className="text-xs text-danger">{error}</span> : null}
    </div>
  );
}

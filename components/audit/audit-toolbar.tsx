'use client';

import { useEffect, useState } from 'react';
import { DateRangeFilter, FilterSelect } from '@/components/data-table/filters';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button, buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { OUTCOME_LABEL } from '@/lib/services/audit/labels';
import type { AuditSearch } from './search-params';

export type AuditFacets = {
  actions: string[];
  members: { id: number; email: string | null }[];
  sites: { id: number; name: string }[] | null;
};

export function AuditToolbar({
  search,
  facets,
  exportHref,
}: {
  search: AuditSearch;
  facets: AuditFacets;
  exportHref: string;
}) {
  const { set } = useUrlState();
  const [target, setTarget] = useState(search.target ?? '');
  useEffect(() => {
    if ((search.target ?? '') === target) return;
    const t = setTimeout(() => set({ target: target.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [target, search.target, set]);
  const select = (
    label: string,
    key: string,
    value: string | number | undefined,
    options: [string, string][],
  ) => (
    <FilterSelect
      label={label}
      value={value}
      options={options}
      width="w-auto max-w-48"
      onChange={(v) => set({ [key]: v || null })}
    />
  );
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the audit log">
      {select(
        'Member',
        'member',
        search.member,
        facets.members.map((m) => [String(m.id), m.email ?? `#${m.id}`]),
      )}
      {facets.sites
        ? select(
            'Site',
            'site',
            search.site,
            facets.sites.map((s) => [String(s.id), s.name]),
          )
        : null}
      {select(
        'Action',
        'action',
        search.action,
        facets.actions.map((a) => [a, a]),
      )}
      {select('Decisions', 'decisions', search.decisions, [['queue', 'queue decisions']])}
      {select('Decided by', 'by', search.by, [
        ['rule', 'a rule'],
        ['people', 'people'],
      ])}
      {select('Outcome', 'outcome', search.outcome, [
        ...Object.entries(OUTCOME_LABEL),
        ['none', 'no outcome'] as [string, string],
      ])}
      <label className="space-y-1">
        <span className="block text-xs text-muted">Target</span>
        <input
          type="search"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder="Name, email, id…"
          className={inputClass + ' w-48'}
        />
      </label>
      <DateRangeFilter from={search.from} to={search.to} onChange={set} />
      <Button
        variant="ghost"
        onClick={() => {
          setTarget('');
          set({
            member: null,
            site: null,
            action: null,
            decisions: null,
            by: null,
            outcome: null,
            target: null,
            from: null,
            to: null,
          });
        }}
      >
        Reset
      </Button>
      <a href={exportHref} className={buttonClass('secondary')} download>
        Export CSV
      </a>
    </div>
  );
}

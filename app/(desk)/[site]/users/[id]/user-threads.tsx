'use client';

import { pageTableProps } from '@/components/data-table/page-props';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { useUrlState } from '@/components/data-table/use-url-state';
import { Button } from '@/components/ui/button';
import type { PageResult } from '@/lib/services/site-index/queries/common';
import type { ThreadListRow } from '@/lib/services/site-index/queries/threads';
import type { UserName } from '@/lib/services/site-index/queries/user-names';
import type { ThreadsSearch } from '@/lib/services/threads/search-params';
import { threadColumns } from '@/components/threads/threads-columns';
import { RestrictJob, type JobKind } from './restrict-job';

const FLAGS = [
  ['reports', 'Reports'],
  ['pending', 'Pending'],
  ['attachments', 'Files'],
] as const;

function Toolbar({ search }: { search: ThreadsSearch }) {
  const { set } = useUrlState();
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter their threads">
      {FLAGS.map(([key, label]) => (
        <label key={key} className="space-y-1">
          <span className="block text-xs text-muted">{label}</span>
          <select
            aria-label={label}
            value={search[key] === undefined ? '' : search[key] ? '1' : '0'}
            onChange={(e) => set({ [key]: e.target.value || null })}
            className="h-8 w-20 rounded-md border border-border bg-surface px-2 text-sm"
          >
            <option value="">Any</option>
            <option value="1">Yes</option>
            <option value="0">No</option>
          </select>
        </label>
      ))}
    </div>
  );
}

/** The threads they take part in, from the index, with a job on the selected ones. */
export function UserThreads({
  site,
  bmUserId,
  name,
  result,
  search,
  names,
  canModerate,
}: {
  site: { id: number; slug: string };
  bmUserId: number;
  name: string;
  result: PageResult<ThreadListRow>;
  search: ThreadsSearch;
  names: Record<number, UserName>;
  canModerate: boolean;
}) {
  const columns = useMemo(() => threadColumns(site.slug, names), [site.slug, names]);
  return (
    <DataTable
      label="Their threads"
      columns={columns}
      {...pageTableProps(result, search)}
      getRowId={(r) => String(r.id)}
      empty="They take part in no thread the index knows (a ban removes them from a thread)."
      toolbar={<Toolbar search={search} />}
      bulkActions={
        canModerate
          ? (selected, controls) => (
              <SelectedJob
                siteId={site.id}
                bmUserId={bmUserId}
                name={name}
                threads={selected}
                {...controls}
              />
            )
          : undefined
      }
    />
  );
}

function SelectedJob({
  siteId,
  bmUserId,
  name,
  threads,
  pin,
  close,
}: {
  siteId: number;
  bmUserId: number;
  name: string;
  threads: ThreadListRow[];
  pin: () => void;
  close: () => void;
}) {
  const [kind, setKind] = useState<JobKind | null>(null);
  return (
    <div className="flex flex-1 flex-col gap-2">
      <div className="flex gap-2">
        <Button variant="danger" onClick={() => (pin(), setKind('ban'))}>
          Ban from selected
        </Button>
        <Button variant="secondary" onClick={() => (pin(), setKind('mute'))}>
          Mute in selected
        </Button>
      </div>
      {kind ? (
        <RestrictJob
          key={kind}
          siteId={siteId}
          bmUserId={bmUserId}
          name={name}
          kind={kind}
          threads={threads.map((t) => ({ id: t.id, subject: t.subject }))}
          onClose={() => {
            setKind(null);
            close();
          }}
        />
      ) : null}
    </div>
  );
}

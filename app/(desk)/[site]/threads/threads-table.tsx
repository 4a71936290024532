'use client';

import { pageTableProps } from '@/components/data-table/page-props';
import { useMemo } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import type { PageResult } from '@/lib/services/site-index/queries/common';
import type { ThreadListRow } from '@/lib/services/site-index/queries/threads';
import type { UserName } from '@/lib/services/site-index/queries/user-names';
import { BulkThreadActions } from './bulk-thread-actions';
import type { ThreadsSearch } from '@/lib/services/threads/search-params';
import { threadColumns } from '@/components/threads/threads-columns';
import { ThreadsToolbar } from './threads-toolbar';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

export function ThreadsTable({
  site,
  result,
  search,
  names,
  filtered,
  indexing,
  canModerate,
  picker = null,
}: {
  site: { id: number; slug: string };
  result: PageResult<ThreadListRow>;
  search: ThreadsSearch;
  names: Record<number, UserName>;
  filtered: boolean;
  indexing: number | null;
  canModerate: boolean;
  /** The site's reasons, for the bulk ban's decision; null when the member may not act. */
  picker?: ReasonPicker | null;
}) {
  const columns = useMemo(() => threadColumns(site.slug, names), [site.slug, names]);
  const empty = filtered
    ? 'No thread matches these filters.'
    : indexing !== null
      ? `The index is still filling (${indexing}% of message ids read): threads appear as their messages are read.`
      : 'This site has no conversations yet.';
  return (
    <>
      {indexing !== null ? (
        <p className="text-xs text-muted" data-testid="index-filling">
          Index filling: {indexing}% of message ids read. Results may be incomplete until it finishes.
        </p>
      ) : null}
      <DataTable
        label="Threads"
        columns={columns}
        {...pageTableProps(result, search)}
        getRowId={(r) => String(r.id)}
        empty={empty}
        toolbar={
          <ThreadsToolbar
            siteId={site.id}
            search={search}
            participantName={search.participant !== undefined ? names[search.participant]?.name : undefined}
          />
        }
        bulkActions={
          canModerate
            ? (selected, controls) => (
                <BulkThreadActions siteId={site.id} threads={selected} picker={picker} {...controls} />
              )
            : undefined
        }
      />
    </>
  );
}

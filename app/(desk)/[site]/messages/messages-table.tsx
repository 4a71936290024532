'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { pageTableProps } from '@/components/data-table/page-props';
import { Button } from '@/components/ui/button';
import type { MessagesSearch } from '@/lib/services/messages/search-params';
import type { MessagesDeskPage } from '@/lib/services/site-index/queries/messages-desk';
import { BulkMessageActions } from './bulk-message-actions';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { messageColumns } from './messages-columns';
import { MessagesToolbar } from './messages-toolbar';

/** The filters of the URL as the "all matches" job takes them (paging and columns left out). */
function matchesQuery(params: URLSearchParams): string {
  const next = new URLSearchParams(params.toString());
  for (const key of ['page', 'perPage', 'sort', 'hide']) next.delete(key);
  return next.toString();
}

export function MessagesTable({
  site,
  result,
  search,
  senderName,
  filtered,
  indexing,
  canModerate,
  canManagePolicy,
  picker = null,
}: {
  site: { id: number; slug: string };
  result: MessagesDeskPage;
  search: MessagesSearch;
  senderName?: string;
  filtered: boolean;
  indexing: number | null;
  canModerate: boolean;
  canManagePolicy: boolean;
  /** The site's reasons for a delete, a reject or a site ban. */
  picker?: ReasonPicker | null;
}) {
  const params = useSearchParams();
  // Open: the count when it was opened (null: not counted); kept while its job runs and the
  // refreshed page no longer lists the messages.
  const [allOpen, setAllOpen] = useState<{ count: number | null; query: string } | null>(null);
  const columns = useMemo(() => messageColumns(site.slug), [site.slug]);
  const empty = filtered
    ? 'No message matches these filters.'
    : indexing !== null
      ? `The index is still filling (${indexing}% of message ids read): messages appear as they are read.`
      : 'This site has no messages yet.';
  const query = matchesQuery(params);
  // Other filters than the ones it was opened on: closed.
  const open = allOpen?.query === query ? allOpen : null;
  return (
    <>
      {indexing !== null ? (
        <p className="text-xs text-muted" data-testid="index-filling">
          Index filling: {indexing}% of message ids read. Results may be incomplete until it finishes.
        </p>
      ) : null}
      <p className="text-sm" data-testid="match-count">
        {!result.counted
          ? `At least ${result.total.toLocaleString('en')} messages match (counting all of them takes longer; “Select all matches” counts them).`
          : result.more
            ? `More than ${result.total.toLocaleString('en')} messages match.`
            : `${result.total.toLocaleString('en')} ${result.total === 1 ? 'message matches' : 'messages match'}.`}
      </p>
      {canModerate && (open || (filtered && result.total > 0)) ? (
        !open && result.more && result.counted ? (
          <p className="text-xs text-muted">
            Narrow the filters to {result.total.toLocaleString('en')} messages or fewer to act on all matches
            at once.
          </p>
        ) : open ? (
          <div
            className="flex items-center gap-3 rounded-md border border-accent/40 bg-surface px-3 py-2 text-sm"
            data-testid="all-matches-bar"
          >
            <BulkMessageActions
              key={query}
              siteId={site.id}
              scope={{ kind: 'all', search: query }}
              count={open.count}
              canManagePolicy={canManagePolicy}
              picker={picker}
              close={() => setAllOpen(null)}
            />
          </div>
        ) : (
          <Button
            variant="secondary"
            onClick={() => setAllOpen({ count: result.counted ? result.total : null, query })}
          >
            {result.counted
              ? `Select all ${result.total.toLocaleString('en')} matches`
              : 'Select all matches'}
          </Button>
        )
      ) : null}
      <DataTable
        label="Messages"
        columns={columns}
        {...pageTableProps(result, search)}
        getRowId={(r) => String(r.id)}
        empty={empty}
        toolbar={<MessagesToolbar siteId={site.id} search={search} senderName={senderName} />}
        bulkActions={
          canModerate
            ? (selected, controls) => (
                <BulkMessageActions
                  siteId={site.id}
                  scope={{ kind: 'selected', messageIds: selected.map((r) => r.id) }}
                  count={selected.length}
                  canManagePolicy={canManagePolicy}
                  picker={picker}
                  {...controls}
                />
              )
            : undefined
        }
      />
    </>
  );
}

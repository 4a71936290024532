'use client';

import { pageTableProps } from '@/components/data-table/page-props';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { useUrlState } from '@/components/data-table/use-url-state';
import { cn } from '@/components/ui/cn';
import type { PageResult } from '@/lib/services/site-index/queries/common';
import { attachmentColumns } from './attachments-columns';
import { AttachmentsGrid } from './attachments-grid';
import { AttachmentsToolbar } from './attachments-toolbar';
import { BulkRemoveFiles } from './bulk-remove-files';
import { FileActionDialog } from './file-action-dialog';
import type { FileDialog } from './file-links';
import type { FileRow } from './file-row';
import type { AttachmentsSearch } from './search-params';
import { plural } from '@/lib/infra/format/plural';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

export function AttachmentsDesk({
  site,
  result,
  search,
  exts,
  uploaderName,
  filtered,
  indexing,
  canModerate,
  picker = null,
}: {
  site: { id: number; slug: string };
  result: PageResult<FileRow>;
  search: AttachmentsSearch;
  exts: string[];
  uploaderName?: string;
  filtered: boolean;
  indexing: number | null;
  canModerate: boolean;
  /** The site's reasons, for the ban's decision; null when the member may not act. */
  picker?: ReasonPicker | null;
}) {
  const { set } = useUrlState();
  const params = useSearchParams();
  const [dialog, setDialog] = useState<FileDialog | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [gridSelected, setGridSelected] = useState<Map<number, FileRow>>(() => new Map());
  const [gridPinned, setGridPinned] = useState(false);
  const columns = useMemo(
    () =>
      attachmentColumns({
        slug: site.slug,
        canModerate,
        onAction: setDialog,
      }),
    [site.slug, canModerate],
  );
  const empty = filtered
    ? 'No file matches these filters.'
    : indexing !== null
      ? `The index is still filling (${indexing}% of message ids read): files appear as their threads are read.`
      : 'Nobody has sent a file on this site yet.';
  const toolbar = (
    <AttachmentsToolbar siteId={site.id} search={search} exts={exts} uploaderName={uploaderName} />
  );
  // The grid's query: the filters and order, without the view and the table's paging.
  const gridQuery = useMemo(() => {
    const q = new URLSearchParams(params.toString());
    for (const key of ['view', 'page', 'perPage', 'hide']) q.delete(key);
    return q.toString();
  }, [params]);

  return (
    <div className="space-y-3">
      {indexing !== null ? (
        <p className="text-xs text-muted" data-testid="index-filling">
          Index filling: {indexing}% of message ids read. Files may be missing until it finishes.
        </p>
      ) : null}
      <div className="flex items-center gap-2" role="group" aria-label="View">
        {(['table', 'grid'] as const).map((view) => (
          <button
            key={view}
            type="button"
            aria-pressed={search.view === view}
            onClick={() => set({ view: view === 'table' ? null : view })}
            className={cn(
              'rounded-md border px-3 py-1 text-sm',
              search.view === view ? 'border-accent bg-surface-2 font-medium' : 'border-border',
            )}
          >
            {view === 'table' ? 'Table' : 'Grid'}
          </button>
        ))}
        <span className="text-xs text-muted" data-testid="files-total">
          {plural(result.total, 'file')}
        </span>
      </div>
      {message ? (
        <p role="status" data-testid="action-message" className="text-xs text-ok">
          {message}
        </p>
      ) : null}
      {search.view === 'grid' ? (
        <>
          {toolbar}
          {canModerate && gridSelected.size > 0 ? (
            <div
              className="flex items-center gap-3 rounded-md border border-accent/40 bg-surface px-3 py-2 text-sm"
              data-testid="bulk-bar"
            >
              <span>{gridSelected.size} selected</span>
              <BulkRemoveFiles
                siteId={site.id}
                rows={[...gridSelected.values()]}
                pin={() => setGridPinned(true)}
                close={() => {
                  setGridPinned(false);
                  setGridSelected(new Map());
                }}
              />
            </div>
          ) : null}
          {result.total === 0 ? (
            <p className="rounded-lg border border-border bg-surface px-3 py-10 text-center text-sm text-muted">
              {empty}
            </p>
          ) : (
            <AttachmentsGrid
              key={`${gridQuery}|${result.total}|${result.rows[0]?.id ?? ''}`}
              slug={site.slug}
              query={gridQuery}
              total={result.total}
              first={result.rows}
              canModerate={canModerate}
              selected={gridSelected}
              onToggle={(row) =>
                !gridPinned &&
                setGridSelected((prev) => {
                  const next = new Map(prev);
                  if (next.has(row.id)) next.delete(row.id);
                  else next.set(row.id, row);
                  return next;
                })
              }
              onAction={setDialog}
            />
          )}
        </>
      ) : (
        <DataTable
          label="Attachments"
          columns={columns}
          {...pageTableProps(result, search)}
          getRowId={(r) => String(r.id)}
          empty={empty}
          toolbar={toolbar}
          bulkActions={
            canModerate
              ? (selected, controls) => <BulkRemoveFiles siteId={site.id} rows={selected} {...controls} />
              : undefined
          }
        />
      )}
      {dialog ? (
        <FileActionDialog
          key={`${dialog.variant}-${dialog.row.id}`}
          siteId={site.id}
          dialog={dialog}
          picker={picker}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setMessage(text);
            setDialog(null);
          }}
        />
      ) : null}
    </div>
  );
}

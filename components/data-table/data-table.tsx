'use client';

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useMemo, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { DataTablePagination } from './pagination';
import { ColumnToggle } from './column-toggle';
import { PastTheEnd } from './past-the-end';
import { useUrlState } from './use-url-state';

export type DataTableProps<T> = {
  columns: ColumnDef<T>[];
  rows: T[];
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  sort: { id: string; desc: boolean }[];
  hidden: string[];
  getRowId: (row: T) => string;
  empty: React.ReactNode;
  toolbar?: React.ReactNode;
  /**
   * Shown above the table while rows are selected. `pin` keeps the panel and its rows while a
   * bulk job runs, even when the refreshed page no longer lists them; `close` lets go.
   */
  bulkActions?: (selected: T[], controls: { pin: () => void; close: () => void }) => React.ReactNode;
  label: string;
};

/**
 * The one server-driven table: TanStack in manual mode, every bit of state in the URL, row
 * selection kept locally (it is about what is on screen).
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { set, pending } = useUrlState();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [pinned, setPinned] = useState<T[] | null>(null);
  const sorting: SortingState = props.sort;
  const visibility: VisibilityState = useMemo(
    () => Object.fromEntries(props.hidden.map((id) => [id, false])),
    [props.hidden],
  );

  // TanStack Table returns fresh functions each render by design; React Compiler must not memoise it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: props.rows,
    columns: props.columns,
    getRowId: props.getRowId,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    pageCount: props.pageCount,
    enableRowSelection: true,
    state: { sorting, columnVisibility: visibility, rowSelection },
    onRowSelectionChange: setRowSelection,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      set({ sort: next.map((s) => `${s.id}.${s.desc ? 'desc' : 'asc'}`).join(',') || null });
    },
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === 'function' ? updater(visibility) : updater;
      const hide = Object.entries(next)
        .filter(([, visible]) => !visible)
        .map(([id]) => id);
      set({ hide: hide.join(',') || null, page: props.page });
    },
    getCoreRowModel: getCoreRowModel(),
  });

  const selected = table.getSelectedRowModel().rows.map((r) => r.original);
  const forBulk = pinned ?? selected;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        {props.toolbar}
        <ColumnToggle table={table} />
      </div>
      {forBulk.length > 0 && props.bulkActions ? (
        <div
          className="flex items-center gap-3 rounded-md border border-accent/40 bg-surface px-3 py-2 text-sm"
          data-testid="bulk-bar"
        >
          <span>{forBulk.length} selected</span>
          {props.bulkActions(forBulk, {
            pin: () => setPinned(selected),
            close: () => {
              setPinned(null);
              setRowSelection({});
            },
          })}
        </div>
      ) : null}
      {/* Focusable so a keyboard can scroll a table wider than the page (the audit's long values). */}
      <div
        tabIndex={0}
        className={cn('overflow-x-auto rounded-lg border border-border bg-surface', pending && 'opacity-60')}
      >
        <table className="w-full text-left text-sm" aria-label={props.label} aria-busy={pending || undefined}>
          <thead className="text-xs text-muted">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} className="border-b border-border">
                {group.headers.map((header) => {
                  const sortable = header.column.getCanSort();
                  const dir = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      className="px-3 py-2 font-medium whitespace-nowrap"
                      aria-sort={dir ? (dir === 'desc' ? 'descending' : 'ascending') : undefined}
                    >
                      {header.isPlaceholder ? null : sortable ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 hover:text-fg"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {dir === 'asc' ? (
                            <ArrowUp size={12} />
                          ) : dir === 'desc' ? (
                            <ArrowDown size={12} />
                          ) : (
                            <ArrowUpDown size={12} className="opacity-40" />
                          )}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td
                  colSpan={table.getVisibleLeafColumns().length}
                  className="px-3 py-10 text-center text-sm text-muted"
                >
                  {props.total > 0 && props.page > props.pageCount ? (
                    <PastTheEnd page={props.page} pageCount={props.pageCount} />
                  ) : (
                    props.empty
                  )}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-state={row.getIsSelected() ? 'selected' : undefined}
                  className="border-b border-border/60 last:border-0 data-[state=selected]:bg-surface-2"
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <DataTablePagination
        page={props.page}
        perPage={props.perPage}
        pageCount={props.pageCount}
        total={props.total}
      />
    </div>
  );
}

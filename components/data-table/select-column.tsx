'use client';

import type { ColumnDef } from '@tanstack/react-table';

/**
 * The row-selection column every bulk-capable table starts with: a page-wide checkbox in the
 * header and one per row, named for screen readers (`all`: "Select all rows on this page",
 * `one(row)`: "Select thread 12").
 */
export function selectColumn<T>(names: { all: string; one: (row: T) => string }): ColumnDef<T> {
  return {
    id: 'select',
    enableSorting: false,
    enableHiding: false,
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label={names.all}
        checked={table.getIsAllPageRowsSelected()}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={names.one(row.original)}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  };
}

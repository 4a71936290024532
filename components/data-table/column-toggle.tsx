'use client';

import type { Table } from '@tanstack/react-table';
import { Columns3 } from 'lucide-react';

export function ColumnToggle<T>({ table }: { table: Table<T> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  return (
    <details className="relative">
      <summary className="inline-flex h-8 cursor-pointer list-none items-center gap-1.5 rounded-md border border-border bg-surface px-2.5 text-xs">
        <Columns3 size={14} aria-hidden /> Columns
      </summary>
      <div className="absolute right-0 z-10 mt-1 w-48 space-y-1 rounded-md border border-border bg-surface p-2 shadow-lg">
        {columns.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-xs">
            <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />
            {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
          </label>
        ))}
      </div>
    </details>
  );
}

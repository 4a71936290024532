'use client';

import { PER_PAGE_OPTIONS } from '@/lib/infra/table/per-page';
import { Button } from '@/components/ui/button';
import { useUrlState } from './use-url-state';
import { plural } from '@/lib/infra/format/plural';

export function DataTablePagination({
  page,
  perPage,
  pageCount,
  total,
}: {
  page: number;
  perPage: number;
  pageCount: number;
  total: number;
}) {
  const { set } = useUrlState();
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted" data-testid="row-count">
        {plural(total, 'row')}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5 text-xs text-muted">
          Rows per page
          <select
            value={perPage}
            onChange={(e) => set({ perPage: e.target.value })}
            className="h-7 rounded border border-border bg-surface px-1 text-xs text-fg"
          >
            {PER_PAGE_OPTIONS.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <span className="text-xs text-muted">
          Page {page} of {Math.max(1, pageCount)}
        </span>
        <Button
          variant="secondary"
          disabled={page <= 1}
          onClick={() => set({ page: page - 1 })}
          aria-label="Previous page"
        >
          ←
        </Button>
        <Button
          variant="secondary"
          disabled={page >= pageCount}
          onClick={() => set({ page: page + 1 })}
          aria-label="Next page"
        >
          →
        </Button>
      </div>
    </nav>
  );
}

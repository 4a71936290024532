'use client';

import { useMemo } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import type { AuditRow } from '@/lib/services/audit/queries';
import { auditColumns } from './audit-columns';
import { AuditToolbar, type AuditFacets } from './audit-toolbar';
import type { AuditSearch } from './search-params';

export function AuditDataTable({
  result,
  search,
  facets,
  exportHref,
  filtered,
}: {
  result: { rows: AuditRow[]; total: number; page: number; perPage: number; pageCount: number };
  search: AuditSearch;
  facets: AuditFacets;
  exportHref: string;
  filtered: boolean;
}) {
  const columns = useMemo(() => auditColumns(), []);
  return (
    <div data-testid="audit-table">
      <DataTable
        label="Audit log"
        columns={columns}
        rows={result.rows}
        total={result.total}
        page={result.page}
        perPage={result.perPage}
        pageCount={result.pageCount}
        sort={[]}
        hidden={search.hide}
        getRowId={(r) => String(r.id)}
        empty={filtered ? 'No entry matches these filters.' : 'No action has been taken through BM Desk yet.'}
        toolbar={<AuditToolbar search={search} facets={facets} exportHref={exportHref} />}
      />
    </div>
  );
}

import { IgnoredParams } from '@/components/data-table/ignored-params';
import { getAuditFacets, getAuditPage } from '@/lib/services/audit/queries';
import { listSites } from '@/lib/services/sites/site-list';
import type { IgnoredParam } from '@/lib/infra/table/search-params';
import { AuditDataTable } from './audit-data-table';
import { auditFilter, filterQuery, type AuditSearch } from './search-params';

/** The audit log, global or for one site (`siteId`), filtered and paged by the URL. */
export async function AuditPage({
  title,
  siteId,
  search,
  ignored,
}: {
  title: string;
  siteId?: number;
  search: AuditSearch;
  ignored: IgnoredParam[];
}) {
  const filter = auditFilter(search, siteId);
  const [result, facets, sites] = await Promise.all([
    getAuditPage(filter, { page: search.page, perPage: search.perPage }),
    getAuditFacets(),
    siteId === undefined ? listSites() : Promise.resolve(null),
  ]);
  const query = filterQuery(search, siteId);
  const filtered =
    Object.entries(filter).some(([k, v]) => k !== 'siteId' && v !== undefined) ||
    (siteId === undefined && filter.siteId !== undefined);
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="text-xs text-muted">Append-only: entries cannot be edited or deleted.</p>
      </div>
      <IgnoredParams ignored={ignored} />
      <AuditDataTable
        result={result}
        search={search}
        facets={{ ...facets, sites: sites?.map((s) => ({ id: s.id, name: s.name })) ?? null }}
        exportHref={`/audit/export${query ? `?${query}` : ''}`}
        filtered={filtered}
      />
    </div>
  );
}

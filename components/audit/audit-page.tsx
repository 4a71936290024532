import Link from 'next/link';
import { listAuditEntries } from '@/lib/actions/audit';
import { AuditTable } from './audit-table';

const PER_PAGE = 50;

export async function AuditPage({
  title,
  siteId,
  page,
  basePath,
}: {
  title: string;
  siteId?: number;
  page: number;
  basePath: string;
}) {
  const { rows, total } = await listAuditEntries({ siteId, page, perPage: PER_PAGE });
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="text-xs text-muted">{total} entries · append-only</p>
      </div>
      <AuditTable rows={rows} empty="No action has been taken through BM Desk yet." />
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {page > 1 ? <Link href={`${basePath}?page=${page - 1}`}>← Newer</Link> : null}
          <span className="text-muted">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={`${basePath}?page=${page + 1}`}>Older →</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

export function pageParam(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

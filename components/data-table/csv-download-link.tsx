'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { buttonClass } from '@/components/ui/button';
import { exportQuery } from '@/lib/infra/table/export-query';

/**
 * "Download CSV" on a table's toolbar: every row the current filters and sort match (all pages,
 * not the one shown), from the page's own `/export` route.
 */
export function CsvDownloadLink({ search }: { search: object }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const query = exportQuery(search as Record<string, unknown>, params.keys());
  return (
    <a
      href={`${pathname.replace(/\/$/, '')}/export${query ? `?${query}` : ''}`}
      className={buttonClass('secondary')}
      download
      data-testid="csv-download"
    >
      Download CSV
    </a>
  );
}

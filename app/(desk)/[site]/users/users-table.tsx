'use client';

import { pageTableProps } from '@/components/data-table/page-props';
import Link from 'next/link';
import { useMemo } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { UsersPage } from '@/lib/services/users/load-users';
import type { UsersSearch } from './search-params';
import { userColumns } from './users-columns';
import { UsersToolbar } from './users-toolbar';

export function UsersTable({
  slug,
  page,
  search,
  filtered,
  indexing,
}: {
  slug: string;
  page: UsersPage;
  search: UsersSearch;
  filtered: boolean;
  indexing: number | null;
}) {
  const columns = useMemo(() => userColumns(slug, page.trustKnown), [slug, page.trustKnown]);
  const { result } = page;
  const empty = filtered
    ? 'Nobody matches these filters.'
    : indexing !== null
      ? `The index is still filling (${indexing}% of message ids read): people appear as their messages are read.`
      : 'Nobody has written on this site yet.';
  return (
    <>
      {page.siteError ? (
        <p className="text-xs text-warn" role="status" data-testid="site-error">
          The site could not be asked ({page.siteError}): email search and trust status are missing.
        </p>
      ) : null}
      <DataTable
        label="Users"
        columns={columns}
        {...pageTableProps(result, search)}
        getRowId={(r) => String(r.id)}
        empty={empty}
        toolbar={<UsersToolbar search={search} />}
      />
      {page.siteOnly.length > 0 ? (
        <div className="text-sm" data-testid="site-only">
          <p className="text-xs text-muted">Also found on the site, with no message in the index yet:</p>
          <ul className="mt-1 flex flex-wrap gap-3">
            {page.siteOnly.map((p) => (
              <li key={p.id}>
                <Link href={`/${slug}/users/${p.id}`} className="hover:underline" data-testid="user-link">
                  <UntrustedText text={p.name} />
                </Link>
                {p.isGuest ? <span className="text-xs text-muted"> (guest)</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

import type { Metadata } from 'next';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { requireMember } from '@/lib/infra/auth/require';
import { getSyncProgress } from '@/lib/services/site-index/progress';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { parseSearch } from '@/lib/infra/table/search-params';
import { loadUsersPage } from '@/lib/services/users/load-users';
import { isFiltered, userFilter, usersSearchParams } from './search-params';
import { UsersTable } from './users-table';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireMember();
  const site = await siteFromParams((await params).site);
  const { search: s, ignored } = parseSearch(usersSearchParams, await searchParams);
  const [page, progress] = await Promise.all([
    loadUsersPage(site.id, userFilter(s), { page: s.page, perPage: s.perPage, sort: s.sort }),
    getSyncProgress(site.id),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Users</h1>
      <IgnoredParams ignored={ignored} />
      <UsersTable
        slug={site.slug}
        page={page}
        search={s}
        filtered={isFiltered(s)}
        indexing={progress.backfillFinishedAt ? null : progress.percent}
      />
    </div>
  );
}

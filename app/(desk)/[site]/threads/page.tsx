import type { Metadata } from 'next';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { requireMember } from '@/lib/infra/auth/require';
import { can } from '@/lib/infra/auth/permissions';
import { getSyncProgress } from '@/lib/services/site-index/progress';
import { getThreads } from '@/lib/services/site-index/queries/threads';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { parseSearch } from '@/lib/infra/table/search-params';
import { isFiltered, threadFilter, threadsSearchParams } from '@/lib/services/threads/search-params';
import { ThreadsTable } from './threads-table';
import { loadReasonPicker } from '@/lib/services/decisions/picker';

export const metadata: Metadata = { title: 'Threads' };

export default async function ThreadsPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const { search: s, ignored } = parseSearch(threadsSearchParams, await searchParams);
  const canModerate = can(member.role, 'moderation.act');
  const [result, progress, picker] = await Promise.all([
    getThreads(threadFilter(site.id, s), { page: s.page, perPage: s.perPage, sort: s.sort }),
    getSyncProgress(site.id),
    canModerate ? loadReasonPicker(site.id) : null,
  ]);
  const names = await getUserNames(site.id, [
    ...result.rows.flatMap((r) => r.participants ?? []).slice(0, 2000),
    ...(s.participant !== undefined ? [s.participant] : []),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Threads</h1>
      <IgnoredParams ignored={ignored} />
      <ThreadsTable
        site={{ id: site.id, slug: site.slug }}
        result={result}
        search={s}
        names={Object.fromEntries(names)}
        filtered={isFiltered(s)}
        indexing={progress.backfillFinishedAt ? null : progress.percent}
        canModerate={canModerate}
        picker={picker}
      />
    </div>
  );
}

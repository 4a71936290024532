import type { Metadata } from 'next';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { getSyncProgress } from '@/lib/services/site-index/progress';
import { getAttachmentExts, getAttachments } from '@/lib/services/site-index/queries/attachments';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { parseSearch } from '@/lib/infra/table/search-params';
import { AttachmentsDesk } from './attachments-desk';
import { toFileRow } from './file-row';
import { attachmentFilter, attachmentsSearchParams, isFiltered } from './search-params';
import { GRID_CHUNK } from './size-ranges';
import { loadReasonPicker } from '@/lib/services/decisions/picker';

export const metadata: Metadata = { title: 'Attachments' };

export default async function AttachmentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const { search: s, ignored } = parseSearch(attachmentsSearchParams, await searchParams);
  // The grid scrolls through every match and asks for chunks as it goes; the table pages.
  const paging =
    s.view === 'grid'
      ? { page: 1, perPage: GRID_CHUNK, sort: s.sort }
      : { page: s.page, perPage: s.perPage, sort: s.sort };
  const canModerate = can(member.role, 'moderation.act');
  const [result, exts, progress, uploader, picker] = await Promise.all([
    getAttachments(attachmentFilter(site.id, s), paging),
    getAttachmentExts(site.id),
    getSyncProgress(site.id),
    s.uploader === undefined ? null : getUserNames(site.id, [s.uploader]).then((m) => m.get(s.uploader!)),
    canModerate ? loadReasonPicker(site.id) : null,
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Attachments</h1>
      <IgnoredParams ignored={ignored} />
      <AttachmentsDesk
        site={{ id: site.id, slug: site.slug }}
        result={{ ...result, rows: result.rows.map(toFileRow) }}
        search={s}
        exts={exts}
        uploaderName={uploader?.name}
        filtered={isFiltered(s)}
        indexing={progress.backfillFinishedAt ? null : progress.percent}
        canModerate={canModerate}
        picker={picker}
      />
    </div>
  );
}

import { csvFileName, csvResponse, csvStream, offsetPages, plainResponse } from '@/lib/infra/format/csv';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { openUsersExport, type UserTableRow } from '@/lib/services/users/load-users';
import { userFilter, usersSearchParams } from '../search-params';

/**
 * Every person the page's filters match, in the page's order, as CSV streamed from BM Desk's index
 * a slice at a time; the site is asked once for what only it knows (an email search, the trust
 * lists). A route handler is public: it checks the member itself.
 */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  const opened = await openCsvExport(request, usersSearchParams, 'desk.read');
  if (opened instanceof Response) return opened;
  const site = await getSiteBySlug((await params).site);
  if (!site) return plainResponse('No such site.', 404);
  const source = await openUsersExport(site.id, userFilter(opened.search), opened.search.sort);
  const trust = (r: UserTableRow) =>
    !source.trustKnown
      ? 'unknown'
      : r.trust === 'trusted'
        ? 'whitelisted'
        : r.trust === 'distrusted'
          ? 'blacklisted'
          : '';
  const stream = csvStream({
    header: [
      'user id',
      'name',
      'guest',
      'messages',
      'threads',
      'reported messages',
      'pending messages',
      'bans in force',
      'mutes in force',
      'trust',
      'last message (UTC)',
    ],
    line: (r: UserTableRow) => [
      r.id,
      r.name,
      r.isGuest,
      r.messageCount,
      r.threadCount,
      r.reportedCount,
      r.pendingCount,
      r.bans,
      r.mutes,
      trust(r),
      r.lastMessageAt,
    ],
    start: 0,
    page: offsetPages(source.slice),
  });
  return csvResponse(stream, csvFileName(site.slug, 'users'));
}

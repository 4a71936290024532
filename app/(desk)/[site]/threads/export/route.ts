import { csvFileName, csvResponse, csvStream, offsetPages, plainResponse } from '@/lib/infra/format/csv';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { getThreadsSlice, type ThreadListRow } from '@/lib/services/site-index/queries/threads';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { threadFilter, threadsSearchParams } from '@/lib/services/threads/search-params';

/** Participants named per row; a chat room's thousands are counted, not listed. */
const NAMED = 20;

type Row = ThreadListRow & { names: string };

/**
 * Every thread the page's filters match, in the page's order, as CSV streamed from BM Desk's
 * index a slice at a time. A route handler is public: it checks the member itself.
 */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  const opened = await openCsvExport(request, threadsSearchParams, 'desk.read');
  if (opened instanceof Response) return opened;
  const site = await getSiteBySlug((await params).site);
  if (!site) return plainResponse('No such site.', 404);
  const filter = threadFilter(site.id, opened.search);
  const slice = async (offset: number, limit: number): Promise<Row[]> => {
    const rows = await getThreadsSlice(filter, opened.search.sort, offset, limit);
    const names = await getUserNames(
      site.id,
      rows.flatMap((r) => (r.participants ?? []).slice(0, NAMED)),
    );
    return rows.map((r) => {
      const ids = r.participants ?? [];
      const listed = ids.slice(0, NAMED).map((id) => `${names.get(id)?.name ?? 'unknown'} (#${id})`);
      const more = ids.length > NAMED ? [`and ${ids.length - NAMED} more`] : [];
      return { ...r, names: [...listed, ...more].join('; ') };
    });
  };
  const stream = csvStream({
    header: [
      'thread id',
      'type',
      'subject',
      'participants',
      'participant names',
      'first activity (UTC)',
      'last activity (UTC)',
      'messages',
      'reported messages',
      'pending messages',
      'files',
      'bans',
      'mutes',
      'deleted on the site',
    ],
    line: (r: Row) => [
      r.id,
      r.type,
      r.subject,
      r.participantCount,
      r.names,
      r.firstActivityAt,
      r.lastActivityAt,
      r.messageCount,
      r.reportedCount,
      r.pendingCount,
      r.attachmentCount,
      r.bans.length,
      r.mutes.length,
      r.gone,
    ],
    start: 0,
    page: offsetPages(slice),
  });
  return csvResponse(stream, csvFileName(site.slug, 'threads'));
}

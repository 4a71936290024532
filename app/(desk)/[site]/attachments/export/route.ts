import { csvFileName, csvResponse, csvStream, offsetPages, plainResponse } from '@/lib/infra/format/csv';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { getAttachmentsSlice } from '@/lib/services/site-index/queries/attachments';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { toFileRow, type FileRow } from '../file-row';
import { attachmentFilter, attachmentsSearchParams } from '../search-params';

/**
 * Every file the page's filters match, in the page's order, as CSV streamed from BM Desk's index a
 * slice at a time. Like the page, it carries no site URL: a file's link is BM Desk's safe route.
 * A route handler is public: it checks the member itself.
 */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  const opened = await openCsvExport(request, attachmentsSearchParams, 'desk.read');
  if (opened instanceof Response) return opened;
  const site = await getSiteBySlug((await params).site);
  if (!site) return plainResponse('No such site.', 404);
  const filter = attachmentFilter(site.id, opened.search);
  const stream = csvStream({
    header: [
      'file id',
      'name',
      'type',
      'extension',
      'size (bytes)',
      'uploader id',
      'uploader',
      'guest',
      'thread id',
      'thread subject',
      'message id',
      'sent (UTC)',
      'in a reported message',
      'matches removed image',
      'link',
    ],
    line: (r: FileRow) => [
      r.id,
      r.name,
      r.mime,
      r.ext,
      r.size,
      r.uploaderId,
      r.uploaderName,
      r.uploaderIsGuest,
      r.threadId,
      r.threadSubject,
      r.messageId,
      r.date,
      r.reported,
      r.matchesRemovedId === null ? '' : `#${r.matchesRemovedId}`,
      `/${site.slug}/files/${r.id}`,
    ],
    start: 0,
    page: offsetPages(async (offset, limit) =>
      (await getAttachmentsSlice(filter, opened.search.sort, offset, limit)).map(toFileRow),
    ),
  });
  return csvResponse(stream, csvFileName(site.slug, 'attachments'));
}

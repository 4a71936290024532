/** The reports and pending queues as CSV: every item the page's filters match, in its order. */
import 'server-only';
import { csvFileName, csvResponse, csvStream, offsetPages, plainResponse } from '@/lib/infra/format/csv';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { queueFilter, queueOrderOf } from './load-queue';
import { getQueueSlice, type QueueFilter, type QueueRow } from './queries';
import { queueSearchParams } from './search-params';

const HEADER = [
  'message id',
  'thread id',
  'thread type',
  'thread subject',
  'sender id',
  'sender',
  'guest',
  'sent (UTC)',
  'message text',
  'reports',
  'categories',
  'reporters',
  'AI flagged',
  'oldest report (UTC)',
  'files',
];

function values(r: QueueRow): unknown[] {
  const reports = r.reports ?? [];
  return [
    r.id,
    r.threadId,
    r.threadType,
    r.threadSubject,
    r.senderId,
    r.senderName,
    r.senderIsGuest,
    r.createdAt,
    r.text,
    r.reportCount,
    [...new Set(reports.map((x) => x.category))].join('; '),
    reports
      .map(
        (x) =>
          `${x.reporterName ?? `#${x.reporterBmUserId}`}: ${x.category}${x.description ? ` (${x.description})` : ''}`,
      )
      .join('; '),
    r.aiFlagged,
    r.reportCount > 0 || r.aiFlagged ? new Date(r.oldestReportAt) : null,
    r.files.length,
  ];
}

/**
 * GET `/<site>/reports/export` and `/<site>/pending/export`: from BM Desk's index (the queues are
 * read there, as the pages read them), a slice at a time. A route handler is public: it checks
 * the member itself.
 */
export async function queueCsvExport(
  request: Request,
  siteSlug: string,
  kind: QueueFilter['kind'],
): Promise<Response> {
  const opened = await openCsvExport(request, queueSearchParams, 'desk.read');
  if (opened instanceof Response) return opened;
  const site = await getSiteBySlug(siteSlug);
  if (!site) return plainResponse('No such site.', 404);
  const filter = queueFilter(site.id, kind, opened.search);
  const order = queueOrderOf(opened.search);
  const stream = csvStream({
    header: HEADER,
    line: values,
    start: 0,
    page: offsetPages((offset, limit) => getQueueSlice(filter, order, offset, limit)),
  });
  return csvResponse(stream, csvFileName(site.slug, kind === 'report' ? 'reports' : 'pending'));
}

/** The support inbox as CSV, for one site or all of them: the page's view, filters and order. */
import 'server-only';
import { csvFileName, csvResponse, csvStream, offsetPages, plainResponse } from '@/lib/infra/format/csv';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { getSiteBySlug, listSites } from '@/lib/services/sites/queries';
import { catchUpTriageThrottled } from './catch-up';
import { listLabels } from './catalogue';
import { PRIORITY_LABELS, STATUS_LABELS } from './constants';
import { effectiveSort, inboxSearchParams } from './inbox-search';
import { inboxFilter, toListRows, type InboxListRow } from './load-inbox';
import { getInboxSlice } from './queries';

const HEADER = [
  'site',
  'thread id',
  'subject',
  'status',
  'priority',
  'assignee',
  'team',
  'labels',
  'people',
  'waiting since (UTC)',
  'first response (UTC)',
  'last activity (UTC)',
  'snoozed until (UTC)',
  'resolved (UTC)',
  'link',
];

/**
 * GET `/<site>/inbox/export` (`siteSlug`) and `/inbox/export` (every site): BM Desk's own triage
 * state joined with the index, a slice at a time. A route handler is public: it checks the
 * member itself.
 */
export async function inboxCsvExport(request: Request, siteSlug?: string): Promise<Response> {
  const opened = await openCsvExport(request, inboxSearchParams, 'desk.read');
  if (opened instanceof Response) return opened;
  const site = siteSlug === undefined ? undefined : await getSiteBySlug(siteSlug);
  if (siteSlug !== undefined && !site) return plainResponse('No such site.', 404);
  const { member, search } = opened;
  // As the page does: the index may hold messages the triage state has not seen yet.
  const siteIds = site ? [site.id] : (await listSites()).map((s) => s.id);
  await Promise.all(siteIds.map((id) => catchUpTriageThrottled(id)));
  const labels = new Map((await listLabels()).map((l) => [l.id, l.name]));
  const filter = { ...inboxFilter(member, search, site?.id), view: search.view };
  const sort = effectiveSort(search, opened.params.has('sort'));
  const stream = csvStream({
    header: HEADER,
    line: (r: InboxListRow) => [
      r.siteName,
      r.threadId,
      r.subject,
      STATUS_LABELS[r.status],
      PRIORITY_LABELS[r.priority],
      r.assigneeName,
      r.team,
      r.labelIds.map((id) => labels.get(id) ?? `#${id}`).join('; '),
      r.people.map((p) => `${p.name} (#${p.id})`).join('; '),
      r.waitingSince,
      r.firstResponseAt,
      r.lastActivityAt,
      r.snoozedUntil,
      r.resolvedAt,
      `/${r.siteSlug}/inbox/${r.threadId}`,
    ],
    start: 0,
    page: offsetPages(async (offset, limit) => toListRows(await getInboxSlice(filter, sort, offset, limit))),
  });
  return csvResponse(stream, csvFileName(site ? site.slug : 'all-sites', 'inbox'));
}

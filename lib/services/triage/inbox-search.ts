import { z } from 'zod';
import { choiceParam, idParam, tableParams, textParam } from '@/lib/infra/table/search-params';
import { INBOX_SORTS, INBOX_VIEWS, TRIAGE_PRIORITIES } from './constants';

/** The inbox's URL state: view, filters, sort and paging. Saved views store exactly this. */
export const inboxSearchParams = tableParams(INBOX_SORTS, 'waitingSince.asc').extend({
  view: z.enum(INBOX_VIEWS).catch('open').default('open'),
  label: idParam,
  priority: choiceParam(TRIAGE_PRIORITIES),
  assignee: idParam,
  q: textParam,
});

export type InboxSearch = z.infer<typeof inboxSearchParams>;

/** Resolved conversations read best newest-resolved first; the rest by who waited longest. */
export function effectiveSort(s: InboxSearch, given: boolean) {
  if (given) return s.sort;
  return s.view === 'resolved' ? [{ id: 'resolvedAt' as const, desc: true }] : s.sort;
}

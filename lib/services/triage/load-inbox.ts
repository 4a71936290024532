/** Everything an inbox page shows, for one site or all of them, from its URL state. */
import 'server-only';
import type { Member } from '@/lib/infra/auth/members';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { listSites } from '@/lib/services/sites/queries';
import { catchUpTriageThrottled } from './catch-up';
import { listLabels, listSavedViews } from './catalogue';
import { effectiveSort, type InboxSearch } from './inbox-search';
import { getMentionableMembers } from './notes';
import { getInbox, getInboxCounts, type InboxRow } from './queries';
import { listSupportAccounts } from './support-accounts';

export type InboxListRow = Omit<
  InboxRow,
  'lastActivityAt' | 'waitingSince' | 'resolvedAt' | 'snoozedUntil' | 'firstResponseAt'
> & {
  lastActivityAt: string | null;
  waitingSince: string | null;
  resolvedAt: string | null;
  snoozedUntil: string | null;
  firstResponseAt: string | null;
  /** The site's users in the thread (support accounts left out), named. */
  people: { id: number; name: string }[];
};

export async function loadInbox(member: Member, search: InboxSearch, sortGiven: boolean, siteId?: number) {
  const siteIds = siteId !== undefined ? [siteId] : (await listSites()).map((s) => s.id);
  // The index may hold messages the triage state has not seen yet.
  await Promise.all(siteIds.map((id) => catchUpTriageThrottled(id)));
  const filter = inboxFilter(member, search, siteId);
  const [page, counts, labels, team, views] = await Promise.all([
    getInbox(
      { ...filter, view: search.view },
      { page: search.page, perPage: search.perPage, sort: effectiveSort(search, sortGiven) },
    ),
    getInboxCounts(filter),
    listLabels(),
    getMentionableMembers(),
    listSavedViews(member.id, siteId ?? null),
  ]);
  const rows = await toListRows(page.rows);
  return { page: { ...page, rows }, counts, labels, team, views, now: Date.now() };
}

/** The URL's filters as the inbox query wants them (the view apart): the page and its CSV export. */
export function inboxFilter(member: Member, search: InboxSearch, siteId?: number) {
  return {
    siteId,
    memberId: member.id,
    labelId: search.label,
    priority: search.priority,
    assigneeId: search.assignee,
    text: search.q,
  };
}

/** Rows as the list shows them: dates as text, the people in each thread named. */
export async function toListRows(list: InboxRow[]): Promise<InboxListRow[]> {
  const rows: InboxListRow[] = list.map((r) => ({
    ...r,
    lastActivityAt: r.lastActivityAt?.toISOString() ?? null,
    waitingSince: r.waitingSince?.toISOString() ?? null,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    snoozedUntil: r.snoozedUntil?.toISOString() ?? null,
    firstResponseAt: r.firstResponseAt?.toISOString() ?? null,
    people: [],
  }));
  await namePeople(rows);
  return rows;
}

async function namePeople(rows: InboxListRow[]) {
  const bySite = new Map<number, InboxListRow[]>();
  for (const r of rows) bySite.set(r.siteId, [...(bySite.get(r.siteId) ?? []), r]);
  for (const [siteId, list] of bySite) {
    const support = new Set((await listSupportAccounts(siteId)).map((a) => a.bmUserId));
    const names = await getUserNames(
      siteId,
      list.flatMap((r) => r.participants.slice(0, 6)),
    );
    for (const r of list) {
      r.people = r.participants
        .filter((id) => !support.has(id) && id !== 0)
        .slice(0, 3)
        .map((id) => ({ id, name: names.get(id)?.name ?? `#${id}` }));
    }
  }
}

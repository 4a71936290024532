import Link from 'next/link';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import type { Member } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { VIEW_LABELS } from '@/lib/services/triage/constants';
import { inboxSearchParams } from '@/lib/services/triage/inbox-search';
import { loadInbox } from '@/lib/services/triage/load-inbox';
import { firstValues, parseSearch } from '@/lib/infra/table/search-params';
import { InboxTable } from './inbox-table';
import { SavedViews, ViewTabs } from './inbox-toolbar';

/** The support inbox for one site (`site`) or across every site. */
export async function InboxPage({
  member,
  site,
  params,
}: {
  member: Member;
  site?: { id: number; slug: string; name: string };
  params: Record<string, string | string[] | undefined>;
}) {
  const { search, ignored } = parseSearch(inboxSearchParams, params);
  const data = await loadInbox(member, search, firstValues(params).sort !== undefined, site?.id);
  const filtered = Boolean(search.label || search.priority || search.assignee !== undefined || search.q);
  const empty = filtered
    ? 'No conversation in this view matches these filters.'
    : search.view === 'mine'
      ? 'Nothing assigned to you is open. Pick one from Unassigned.'
      : `No conversation is ${VIEW_LABELS[search.view].toLowerCase()}. Conversations come in when a support account takes part in a thread, or when someone adds a thread from the threads desk.`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">{site ? 'Inbox' : 'Inbox · all sites'}</h1>
        {site && can(member.role, 'triage.manage') ? (
          <Link href={`/${site.slug}/inbox/settings`} className="text-sm text-accent underline">
            Inbox settings
          </Link>
        ) : null}
      </div>
      <IgnoredParams ignored={ignored} />
      <ViewTabs current={search.view} counts={data.counts} />
      <SavedViews siteId={site?.id ?? null} views={data.views} />
      <InboxTable
        result={data.page}
        search={search}
        labels={data.labels}
        team={data.team}
        me={member.id}
        now={data.now}
        allSites={!site}
        empty={empty}
      />
    </div>
  );
}

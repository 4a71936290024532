import type { Metadata } from 'next';
import Link from 'next/link';
import { isBmError } from '@/lib/infra/better-messages';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { idFromPath } from '@/lib/infra/table/path-params';
import { parseSearch } from '@/lib/infra/table/search-params';
import { threadViewSearchParams } from '@/lib/services/threads/search-params';
import { siteClient } from '@/lib/services/sites/site-client';
import { loadThreadView } from '@/lib/services/threads/load-thread';
import { getRecordedRestrictions } from '@/lib/services/threads/restrictions';
import { loadReasonPicker } from '@/lib/services/decisions/picker';
import { ParticipantsPanel } from './participants-panel';
import { ThreadHeader } from './thread-header';
import { ThreadInboxLink } from './inbox-link';
import { ThreadPresence } from './thread-presence';
import { Timeline } from './timeline';
import { ThreadLoadError } from '@/components/threads/thread-load-error';

export const metadata: Metadata = { title: 'Thread' };

export default async function ThreadPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const { site: slug, id } = await params;
  // ?message=ID (from the attachments desk): the timeline scrolls back to it and marks it.
  const focus = parseSearch(threadViewSearchParams, await searchParams).search.message;
  const site = await siteFromParams(slug);
  const threadId = idFromPath(id);
  let view;
  try {
    view = await loadThreadView(await siteClient(site.id), site.id, threadId);
  } catch (err) {
    if (!isBmError(err)) throw err;
    return (
      <ThreadLoadError
        siteName={site.name}
        message={err.message}
        retryHref={`/${site.slug}/threads/${threadId}`}
      />
    );
  }
  const recorded = await getRecordedRestrictions(site.id, threadId);
  if (!view) {
    return (
      <div className="mx-auto mt-16 max-w-md text-center" data-testid="thread-missing">
        <h1 className="text-base font-semibold">
          Thread #{threadId} does not exist on {site.name}
        </h1>
        <p className="mt-2 text-sm text-muted">
          It may have been erased. The index forgets it at its next sync.
        </p>
        <Link href={`/${site.slug}/threads`} className="mt-4 inline-block text-sm text-accent underline">
          Back to threads
        </Link>
      </div>
    );
  }
  const canModerate = can(member.role, 'moderation.act');
  const picker = canModerate ? await loadReasonPicker(site.id) : null;
  return (
    <div className="space-y-4">
      <ThreadHeader siteId={site.id} slug={site.slug} thread={view} canModerate={canModerate} />
      <ThreadPresence siteId={site.id} threadId={view.id} />
      <ThreadInboxLink siteId={site.id} slug={site.slug} threadId={view.id} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <Timeline
          siteId={site.id}
          siteSlug={site.slug}
          threadId={view.id}
          initial={view.messages}
          canModerate={canModerate}
          focusId={focus}
          picker={picker}
        />
        <ParticipantsPanel
          siteId={site.id}
          thread={view}
          recorded={recorded}
          canModerate={canModerate}
          picker={picker}
        />
      </div>
    </div>
  );
}

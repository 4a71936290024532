import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isBmError } from '@/lib/infra/better-messages';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { idFromPath } from '@/lib/infra/table/path-params';
import { siteClient } from '@/lib/services/sites/site-client';
import { loadThreadView } from '@/lib/services/threads/load-thread';
import { loadConversation } from '@/lib/services/triage/load-conversation';
import { AddToInboxButton } from '@/components/triage/add-to-inbox';
import { ConversationView } from './conversation-view';
import { AppealPanel, type AppealPanelData } from '@/components/decisions/appeal-panel';
import { appealOfThread, type AppealView } from '@/lib/services/decisions/appeals';
import { loadReasonPicker } from '@/lib/services/decisions/picker';
import { ThreadLoadError } from '@/components/threads/thread-load-error';

export const metadata: Metadata = { title: 'Conversation' };

export default async function ConversationPage({
  params,
}: {
  params: Promise<{ site: string; threadId: string }>;
}) {
  const member = await requireMember();
  const { site: slug, threadId: raw } = await params;
  const site = await siteFromParams(slug);
  const threadId = idFromPath(raw);
  const data = await loadConversation(site.id, threadId);
  let thread;
  try {
    thread = await loadThreadView(await siteClient(site.id), site.id, threadId);
  } catch (err) {
    if (!isBmError(err)) throw err;
    return (
      <ThreadLoadError
        siteName={site.name}
        message={err.message}
        retryHref={`/${site.slug}/inbox/${threadId}`}
      />
    );
  }
  if (!thread) notFound();
  if (!data.conversation) {
    return (
      <div className="mx-auto mt-16 max-w-md space-y-3 text-center" data-testid="not-in-inbox">
        <h1 className="text-base font-semibold">This thread is not in the support inbox</h1>
        <p className="text-sm text-muted">
          No support account of {site.name} takes part in it. Add it to work it as a conversation.
        </p>
        {can(member.role, 'triage.act') ? (
          <AddToInboxButton siteId={site.id} threadId={threadId} slug={site.slug} />
        ) : null}
      </div>
    );
  }
  // An appeal's conversation: the decision and the member's appeal beside it (issue 18).
  const appeal = await appealOfThread(site.id, threadId);
  const view = (
    <ConversationView
      site={{ id: site.id, slug: site.slug, name: site.name }}
      me={{ id: member.id, name: member.name }}
      thread={thread}
      data={data}
    />
  );
  if (!appeal) return view;
  return (
    <div className="space-y-3">
      <AppealPanel
        siteId={site.id}
        threadId={threadId}
        appeal={appealPanelData(appeal)}
        picker={await loadReasonPicker(site.id)}
        canDecide={can(member.role, 'moderation.act')}
      />
      {view}
    </div>
  );
}

function appealPanelData({ appeal, decision, notice }: AppealView): AppealPanelData {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: appeal.id,
    status: appeal.status,
    openedAt: appeal.openedAt.toISOString(),
    messageText: appeal.messageText,
    decidedAt: iso(appeal.decidedAt),
    decidedByName: appeal.decidedByName,
    freeText: appeal.freeText,
    reversal: appeal.reversal,
    decision: {
      id: decision.id,
      kind: decision.kind,
      subjectName: decision.subjectName,
      reasonTitle: decision.reasonTitle,
      freeText: decision.freeText,
      createdAt: decision.createdAt.toISOString(),
      actorName: decision.actorName,
      automated: decision.automated,
      endsAt: iso(decision.endsAt),
      status: decision.status,
      threadCount: decision.threadIds.length,
      messageCount: decision.messageIds.length,
    },
    notice: notice && { body: notice.body, status: notice.status, sentAt: iso(notice.sentAt) },
  };
}

'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { PresenceBadge } from '@/components/presence/presence-badge';
import { usePresence } from '@/components/presence/use-presence';
import { KeyMenu, ShortcutsHelp } from '@/components/triage/key-menu';
import { CONVERSATION_SHORTCUTS } from '@/components/triage/shortcuts';
import { useKeys } from '@/components/ui/use-keys';
import { noun, plural } from '@/lib/infra/format/plural';
import { threadTopic } from '@/lib/services/presence/topics';
import type { ThreadView } from '@/lib/services/threads/load-thread';
import { SNOOZE_CHOICES, STATUS_LABELS } from '@/lib/services/triage/constants';
import type { ConversationData } from '@/lib/services/triage/load-conversation';
import type { ReplyDelivery } from '@/lib/services/triage/support-delivery';
import { assignConversation, labelConversation, setConversationStatus } from '@/lib/services/triage/actions';
import { Composer } from './composer';
import { ConversationTimeline } from './conversation-timeline';
import { NoteForm } from './note-form';
import { TriageSidebar } from './triage-sidebar';
import { UntrustedText } from '@/components/ui/untrusted-text';

type Result = { ok: boolean; error?: string };

function deliveryMessage(d: ReplyDelivery): { ok: boolean; text: string } {
  if (d.state === 'sent') return { ok: true, text: 'Reply sent to the site.' };
  if (d.state === 'approved')
    return {
      ok: true,
      text: 'Reply sent to the site. Pre-moderation held it; BM Desk approved it at once, so the member sees it.',
    };
  return {
    ok: false,
    text: `Reply held for approval: the member does not see it yet. ${d.reason} A moderator can approve it under Pending.`,
  };
}

export function ConversationView({
  site,
  me,
  thread,
  data,
}: {
  site: { id: number; slug: string; name: string };
  me: { id: number; name: string };
  thread: ThreadView;
  data: ConversationData;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [menu, setMenu] = useState<null | 'snooze' | 'label' | 'help'>(null);
  const [replying, setReplying] = useState(false);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const on = { siteId: site.id, threadId: thread.id };
  const c = data.conversation!;
  // Collision warning: the others with this conversation open, and whether they are replying.
  const { others } = usePresence(threadTopic(site.id, thread.id), replying ? 'replying' : 'viewing');

  const run = (call: () => Promise<Result>, done: string) =>
    start(async () => {
      const r = await call();
      setMessage(r.ok ? { ok: true, text: done } : { ok: false, text: r.error ?? 'Failed.' });
      if (r.ok) router.refresh();
    });
  const go = (id: number | null) => id && router.push(`/${site.slug}/inbox/${id}`);

  useKeys(
    {
      j: () => go(data.neighbours.next),
      k: () => go(data.neighbours.previous),
      a: () => run(() => assignConversation({ ...on, assigneeId: me.id }), 'Assigned to you.'),
      e: () => run(() => setConversationStatus({ ...on, status: 'resolved' }), 'Resolved.'),
      s: () => setMenu('snooze'),
      l: () => data.labels.length > 0 && setMenu('label'),
      r: () => replyRef.current?.focus(),
      n: () => noteRef.current?.focus(),
      '?': () => setMenu('help'),
    },
    menu === null,
  );

  const heldReplies = thread.messages.filter(
    (m) => m.pending && data.accounts.some((a) => a.bmUserId === m.senderId),
  ).length;
  const userNames = thread.participants
    .filter((p) => !data.accounts.some((a) => a.bmUserId === p.id))
    .map((p) => p.name);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-xs text-muted">
            {site.name} · conversation #{thread.id} · {STATUS_LABELS[c.status]}
            {c.assigneeName ? ` · ${c.assigneeName}` : ' · unassigned'}
          </p>
          <h1 className="text-lg font-semibold" data-testid="thread-subject">
            <UntrustedText text={thread.subject.trim() || thread.title || `Thread #${thread.id}`} />
          </h1>
          <p className="text-xs text-muted">
            With{' '}
            {userNames.length
              ? userNames.map((name, i) => (
                  <span key={i}>
                    {i > 0 ? ', ' : ''}
                    <UntrustedText text={name} />
                  </span>
                ))
              : 'no one else'}
          </p>
        </div>
        <div className="flex flex-col items-end gap-1" data-testid="conversation-presence">
          <PresenceBadge others={others} />
          <p className="text-xs text-muted">
            Press <kbd className="rounded border border-border px-1">?</kbd> for shortcuts
          </p>
        </div>
      </div>
      {heldReplies > 0 ? (
        <p
          role="alert"
          data-testid="reply-held"
          className="rounded-md border border-warn/60 bg-warn-bg p-2 text-xs text-warn"
        >
          {plural(heldReplies, 'reply', 'replies')} of the support team held by the site&apos;s
          pre-moderation: the member does not see {noun(heldReplies, 'it', 'them')} until a moderator approves
          (Pending), and the waiting time does not count {noun(heldReplies, 'it', 'them')} as an answer.
        </p>
      ) : null}
      {message ? (
        <p
          role="status"
          data-testid="action-message"
          className={message.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
        >
          {message.text}
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <div className="space-y-3">
          <ConversationTimeline
            messages={thread.messages}
            entries={data.timeline}
            siteSlug={site.slug}
            threadId={thread.id}
          />
          <Composer
            ref={replyRef}
            on={on}
            accounts={data.accounts}
            canned={data.canned}
            vars={{ memberName: userNames[0] ?? '', siteName: site.name, agentName: me.name }}
            onReplying={setReplying}
            onSent={(delivery) => (setMessage(deliveryMessage(delivery)), router.refresh())}
          />
          <NoteForm ref={noteRef} on={on} team={data.team} onSaved={() => router.refresh()} />
        </div>
        <TriageSidebar on={on} data={data} me={me.id} slug={site.slug} run={run} pending={pending} />
      </div>
      {menu === 'help' ? (
        <ShortcutsHelp shortcuts={CONVERSATION_SHORTCUTS} onClose={() => setMenu(null)} />
      ) : null}
      {menu === 'snooze' ? (
        <KeyMenu
          title="Snooze for…"
          options={SNOOZE_CHOICES.map((s) => ({ key: String(s.minutes), label: s.label }))}
          onClose={() => setMenu(null)}
          onChoose={(minutes) => {
            setMenu(null);
            run(
              () => setConversationStatus({ ...on, status: 'snoozed', snoozeMinutes: Number(minutes) }),
              'Snoozed.',
            );
          }}
        />
      ) : null}
      {menu === 'label' ? (
        <KeyMenu
          title="Label"
          options={data.labels.map((l) => ({
            key: String(l.id),
            label: `${c.labelIds.includes(l.id) ? 'Remove' : 'Add'} ${l.name}`,
          }))}
          onClose={() => setMenu(null)}
          onChoose={(id) => {
            setMenu(null);
            const add = !c.labelIds.includes(Number(id));
            run(
              () => labelConversation({ ...on, labelId: Number(id), add }),
              add ? 'Label added.' : 'Label removed.',
            );
          }}
        />
      ) : null}
    </div>
  );
}

'use client';

import type { TimelineMessage } from '@/lib/services/threads/timeline';
import type { TimelineEntry } from '@/lib/services/triage/conversations';
import {
  PRIORITY_LABELS,
  STATUS_LABELS,
  type TriagePriority,
  type TriageStatus,
} from '@/lib/services/triage/constants';
import { MessageItem } from '@/components/messages/message-item';

function when(iso: string) {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

/** An event in words: "Sam Support assigned Olive Owner", "reopened by a new message". */
function describe(e: Extract<TimelineEntry, { type: 'event' }>): string {
  const who = e.memberName ?? 'BM Desk';
  const d = e.detail;
  switch (e.kind) {
    case 'added':
      return `${who} added this thread to the inbox`;
    case 'status':
      return d.to === 'snoozed' && typeof d.until === 'string'
        ? `${who} snoozed it until ${when(d.until)}`
        : `${who} marked it ${STATUS_LABELS[d.to as TriageStatus]?.toLowerCase() ?? String(d.to)}`;
    case 'priority':
      return `${who} set priority ${PRIORITY_LABELS[d.priority as TriagePriority] ?? String(d.priority)}`;
    case 'assignee':
      return d.assigneeName ? `${who} assigned ${String(d.assigneeName)}` : `${who} unassigned it`;
    case 'team':
      return d.team ? `${who} set team ${String(d.team)}` : `${who} cleared the team`;
    case 'label':
      return `${who} ${d.add ? 'added' : 'removed'} label ${String(d.label)}`;
    case 'reopened':
      return `Reopened by a new message (was ${String(d.from)})`;
    case 'woke':
      return 'Snooze ended: open again';
    case 'appeal':
      return `The member appealed decision #${String(d.decisionId)}: added to the inbox with label appeal`;
    default:
      return `${who}: ${e.kind}`;
  }
}

type Item = { at: string; key: string } & (
  { type: 'message'; message: TimelineMessage } | { type: 'entry'; entry: TimelineEntry }
);

/** The site's messages and BM Desk's own notes and events, in one line of time. */
export function ConversationTimeline({
  messages,
  entries,
  siteSlug,
  threadId,
}: {
  messages: TimelineMessage[];
  entries: TimelineEntry[];
  siteSlug: string;
  threadId: number;
}) {
  const items: Item[] = [
    ...messages.map((m) => ({ type: 'message' as const, at: m.createdAt, key: `m${m.id}`, message: m })),
    ...entries.map((e) => ({ type: 'entry' as const, at: e.at, key: e.id, entry: e })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="space-y-2" data-testid="timeline">
      {items.map((item) => {
        if (item.type === 'message') {
          return (
            <MessageItem
              key={item.key}
              message={item.message}
              siteSlug={siteSlug}
              threadId={threadId}
              selectable={false}
              selected={false}
              onToggle={() => undefined}
            />
          );
        }
        const e = item.entry;
        if (e.type === 'note') {
          return (
            <li
              key={item.key}
              className="rounded-lg border border-warn/50 bg-warn-bg/60 p-3"
              data-testid="private-note"
            >
              <p className="mb-1 text-xs">
                <span className="font-medium">{e.memberName}</span>{' '}
                <span className="text-muted">· private note · {when(e.at)}</span>
              </p>
              <p className="text-sm whitespace-pre-wrap">{e.body}</p>
            </li>
          );
        }
        return (
          <li key={item.key} className="text-center text-xs text-muted" data-testid="triage-event">
            {describe(e)} · {when(e.at)}
          </li>
        );
      })}
      {items.length === 0 ? <li className="text-sm text-muted">This thread has no messages.</li> : null}
    </ol>
  );
}

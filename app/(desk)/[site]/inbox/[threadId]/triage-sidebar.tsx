'use client';

import Link from 'next/link';
import { useState } from 'react';
import { LabelChip, Waiting } from '@/components/triage/chips';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import {
  formatWaiting,
  PRIORITY_LABELS,
  SNOOZE_CHOICES,
  STATUS_LABELS,
  TRIAGE_PRIORITIES,
  type TriagePriority,
} from '@/lib/services/triage/constants';
import type { ConversationData } from '@/lib/services/triage/load-conversation';
import { assignConversation, labelConversation, setConversationStatus } from '@/lib/services/triage/actions';
import { setConversationPriority, setConversationTeam } from '../actions';

type Run = (call: () => Promise<{ ok: boolean; error?: string }>, done: string) => void;

function between(a: string | null, b: string | null) {
  return a && b ? formatWaiting(new Date(b).getTime() - new Date(a).getTime()) : '—';
}

/** Status, priority, assignee, team and labels; every change goes through an audited action. */
export function TriageSidebar({
  on,
  data,
  me,
  slug,
  run,
  pending,
}: {
  on: { siteId: number; threadId: number };
  data: ConversationData;
  me: number;
  slug: string;
  run: Run;
  pending: boolean;
}) {
  const c = data.conversation!;
  const [team, setTeam] = useState(c.team ?? '');
  return (
    <aside
      className="space-y-4 rounded-lg border border-border bg-surface p-3 text-sm"
      data-testid="triage-sidebar"
    >
      <div className="space-y-1">
        <p className="text-xs text-muted">Waiting</p>
        {c.status === 'resolved' ? (
          <p>Resolved</p>
        ) : (
          <Waiting since={c.waitingSince} now={data.now} targetMinutes={data.targetMinutes} />
        )}
        <dl className="grid grid-cols-2 gap-x-2 text-xs text-muted">
          <dt>First response</dt>
          <dd data-testid="first-response">{between(c.firstUserMessageAt, c.firstResponseAt)}</dd>
          <dt>Resolution</dt>
          <dd>{between(c.firstUserMessageAt, c.resolvedAt)}</dd>
          <dt>Reopened</dt>
          <dd>{c.reopenedCount}×</dd>
        </dl>
      </div>
      <label className="block space-y-1">
        <span className="text-xs text-muted">Status</span>
        <select
          aria-label="Status"
          value={c.status}
          disabled={pending}
          className={inputClass}
          onChange={(e) => {
            const v = e.target.value;
            if (v.startsWith('snooze:')) {
              const minutes = Number(v.slice(7));
              run(
                () => setConversationStatus({ ...on, status: 'snoozed', snoozeMinutes: minutes }),
                'Snoozed.',
              );
            } else {
              run(() => setConversationStatus({ ...on, status: v }), `Marked ${v}.`);
            }
          }}
        >
          <option value="open">{STATUS_LABELS.open}</option>
          <option value="pending">{STATUS_LABELS.pending} (waiting on the user)</option>
          <option value="resolved">{STATUS_LABELS.resolved}</option>
          {c.status === 'snoozed' ? (
            <option value="snoozed">
              Snoozed until {c.snoozedUntil?.replace('T', ' ').slice(0, 16)} UTC
            </option>
          ) : null}
          {SNOOZE_CHOICES.map((s) => (
            <option key={s.minutes} value={`snooze:${s.minutes}`}>
              Snooze {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block space-y-1">
        <span className="text-xs text-muted">Priority</span>
        <select
          aria-label="Priority"
          value={c.priority}
          disabled={pending}
          className={inputClass}
          onChange={(e) =>
            run(
              () => setConversationPriority({ ...on, priority: e.target.value }),
              `Priority ${PRIORITY_LABELS[e.target.value as TriagePriority]}.`,
            )
          }
        >
          {TRIAGE_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <div className="space-y-1">
        <label className="block space-y-1">
          <span className="text-xs text-muted">Assignee</span>
          <select
            aria-label="Assignee"
            value={c.assigneeId ?? ''}
            disabled={pending}
            className={inputClass}
            onChange={(e) =>
              run(() => assignConversation({ ...on, assigneeId: e.target.value }), 'Assignee changed.')
            }
          >
            <option value="">Unassigned</option>
            {data.team.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {c.assigneeId !== me ? (
          <Button
            variant="ghost"
            disabled={pending}
            onClick={() => run(() => assignConversation({ ...on, assigneeId: me }), 'Assigned to you.')}
          >
            Assign to me
          </Button>
        ) : null}
      </div>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          run(() => setConversationTeam({ ...on, team }), 'Team changed.');
        }}
      >
        <label className="block flex-1 space-y-1">
          <span className="text-xs text-muted">Team</span>
          <input
            aria-label="Team"
            value={team}
            onChange={(e) => setTeam(e.target.value)}
            className={inputClass}
          />
        </label>
        <Button type="submit" variant="secondary" disabled={pending || team === (c.team ?? '')}>
          Set
        </Button>
      </form>
      <fieldset className="space-y-1">
        <legend className="text-xs text-muted">Labels</legend>
        {data.labels.length === 0 ? (
          <p className="text-xs text-muted">An admin creates labels in Inbox settings.</p>
        ) : null}
        {data.labels.map((l) => {
          const has = c.labelIds.includes(l.id);
          return (
            <label key={l.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={has}
                disabled={pending}
                onChange={() =>
                  run(
                    () => labelConversation({ ...on, labelId: l.id, add: !has }),
                    has ? 'Label removed.' : 'Label added.',
                  )
                }
              />
              <LabelChip name={l.name} colour={l.colour} />
            </label>
          );
        })}
      </fieldset>
      <Link href={`/${slug}/threads/${on.threadId}`} className="block text-xs text-accent underline">
        Open in the threads desk (moderation)
      </Link>
    </aside>
  );
}

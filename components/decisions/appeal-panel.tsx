'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { DecisionKind } from '@/lib/services/decisions/constants';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { overturnAppeal, upholdAppeal } from '@/lib/services/decisions/appeal-actions';
import { ReasonFields } from './reason-fields';

/** An appeal as the conversation page passes it (dates as ISO strings). */
export type AppealPanelData = {
  id: number;
  status: 'open' | 'upheld' | 'overturned';
  openedAt: string;
  messageText: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  freeText: string | null;
  reversal: { reversed: string[]; notReversed: string[] } | null;
  decision: {
    id: number;
    kind: DecisionKind;
    subjectName: string | null;
    reasonTitle: string | null;
    freeText: string | null;
    createdAt: string;
    actorName: string;
    automated: boolean;
    endsAt: string | null;
    status: 'active' | 'expired' | 'overturned';
    threadCount: number;
    messageCount: number;
  };
  notice: { body: string; status: string; sentAt: string | null } | null;
};

const KIND_WORDS: Record<DecisionKind, string> = {
  warning: 'Warning',
  ban: 'Ban in a conversation',
  mute: 'Mute in a conversation',
  site_ban: 'Site ban',
  site_mute: 'Site mute',
  hold: 'Hold (messages checked first)',
  delete: 'Messages removed',
  reject: 'Message not published',
  dismiss: 'Report dismissed',
};

const STRIKE_WORDS = { active: 'counts', expired: 'expired', overturned: 'overturned' } as const;

function when(iso: string) {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}

/** The appeal beside its conversation: the decision, the member's words, and Uphold / Overturn. */
export function AppealPanel({
  siteId,
  threadId,
  appeal,
  picker,
  canDecide,
}: {
  siteId: number;
  threadId: number;
  appeal: AppealPanelData;
  picker: ReasonPicker;
  canDecide: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const outcome = useRef<'uphold' | 'overturn'>('uphold');
  const [result, setResult] = useState<{ ok: boolean; text: string; fields?: string[] } | null>(null);
  const d = appeal.decision;
  const cannotComeBack = d.kind === 'delete' || d.kind === 'reject';

  return (
    <section
      aria-labelledby="appeal-heading"
      data-testid="appeal-panel"
      className="space-y-3 rounded-md border border-warn/60 bg-surface p-3 text-sm"
    >
      <h2 id="appeal-heading" className="text-base font-semibold">
        Appeal of decision #{d.id}
        {appeal.status !== 'open' ? (
          <span className="ml-2 text-xs font-normal text-muted" data-testid="appeal-status">
            {appeal.status === 'upheld' ? 'upheld' : 'overturned'}
          </span>
        ) : null}
      </h2>
      <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted">Decision</dt>
        <dd data-testid="appeal-decision-kind">
          {KIND_WORDS[d.kind]}
          {d.kind === 'ban' || d.kind === 'mute'
            ? ` (${d.threadCount} ${d.threadCount === 1 ? 'conversation' : 'conversations'})`
            : d.kind === 'delete'
              ? ` (${d.messageCount} ${d.messageCount === 1 ? 'message' : 'messages'})`
              : ''}
        </dd>
        <dt className="text-muted">About</dt>
        <dd>
          <UntrustedText text={d.subjectName ?? 'an unknown member'} />
        </dd>
        <dt className="text-muted">Reason</dt>
        <dd>{d.reasonTitle ?? 'No reason given'}</dd>
        {d.freeText ? (
          <>
            <dt className="text-muted">Their words</dt>
            <dd className="whitespace-pre-wrap">{d.freeText}</dd>
          </>
        ) : null}
        <dt className="text-muted">Decided</dt>
        <dd>
          {when(d.createdAt)} by {d.actorName}
          {d.automated ? ' (a rule)' : ''}
        </dd>
        <dt className="text-muted">Until</dt>
        <dd>{d.endsAt ? when(d.endsAt) : 'no end date'}</dd>
        <dt className="text-muted">Strike</dt>
        <dd data-testid="appeal-strike-status">{STRIKE_WORDS[d.status]}</dd>
      </dl>
      {appeal.notice ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted">
            The notice
            {appeal.notice.sentAt ? `, sent ${when(appeal.notice.sentAt)}` : ` (${appeal.notice.status})`}
          </summary>
          <p className="mt-1 whitespace-pre-wrap rounded border border-border p-2">{appeal.notice.body}</p>
        </details>
      ) : null}
      <div className="space-y-1">
        <h3 className="text-xs font-medium text-muted">The member&apos;s appeal, {when(appeal.openedAt)}</h3>
        <p className="whitespace-pre-wrap rounded border border-border p-2" data-testid="appeal-text">
          {appeal.messageText ?? ''}
        </p>
      </div>

      {appeal.status !== 'open' ? (
        <div className="space-y-1 text-xs" data-testid="appeal-outcome">
          <p>
            {appeal.status === 'upheld' ? 'Upheld' : 'Overturned'}
            {appeal.decidedByName ? ` by ${appeal.decidedByName}` : ''}
            {appeal.decidedAt ? ` on ${when(appeal.decidedAt)}` : ''}.
          </p>
          {appeal.freeText ? <p className="whitespace-pre-wrap">{appeal.freeText}</p> : null}
          {appeal.reversal?.reversed.length ? <p>Lifted: {appeal.reversal.reversed.join('; ')}.</p> : null}
          {appeal.reversal?.notReversed.length ? (
            <p className="text-warn">Not undone: {appeal.reversal.notReversed.join('; ')}.</p>
          ) : null}
        </div>
      ) : canDecide ? (
        <form
          aria-label="Decide the appeal"
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const which = outcome.current;
            const input = {
              siteId,
              threadId,
              appealId: appeal.id,
              reasonId: data.get('reasonId'),
              reason: data.get('reason'),
            };
            start(async () => {
              const r = which === 'overturn' ? await overturnAppeal(input) : await upholdAppeal(input);
              if (!r.ok) {
                setResult({ ok: false, text: r.error, fields: r.fieldErrors?.reason });
                return;
              }
              const lifted = r.data.reversal?.reversed.length
                ? ` Lifted: ${r.data.reversal.reversed.join('; ')}.`
                : '';
              const not = r.data.reversal?.notReversed.length
                ? ` Not undone: ${r.data.reversal.notReversed.join('; ')}.`
                : '';
              setResult({
                ok: true,
                text: `${which === 'overturn' ? 'Overturned' : 'Upheld'}; the member is told in this conversation.${lifted}${not}`,
              });
              router.refresh();
            });
          }}
        >
          <ReasonFields picker={picker} error={result?.fields} askToNotify={false} />
          <p className="text-xs text-muted">
            The member is told the outcome in this conversation either way: an appeal is always answered.
            {cannotComeBack
              ? ' Overturning cannot bring back messages the site deleted; the member is told so.'
              : ''}
          </p>
          <div className="flex gap-2">
            <Button
              type="submit"
              variant="secondary"
              disabled={pending}
              onClick={() => (outcome.current = 'uphold')}
            >
              Uphold
            </Button>
            <Button type="submit" disabled={pending} onClick={() => (outcome.current = 'overturn')}>
              Overturn
            </Button>
          </div>
        </form>
      ) : (
        <p className="text-xs text-muted">Moderators decide appeals.</p>
      )}
      {result ? (
        <p
          role="status"
          data-testid="appeal-result"
          className={result.ok ? 'text-xs text-ok' : 'text-xs text-danger'}
        >
          {result.text}
        </p>
      ) : null}
    </section>
  );
}

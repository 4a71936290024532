'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { inputClass } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { UserPicker } from '@/components/users/user-picker';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import {
  extendStandingDecisionEnd,
  liftStandingDecisionNow,
  markAccountProtected,
  takeStandingDecision,
  unmarkAccountProtected,
} from '@/lib/services/policy/actions';

export type StandingKindName = 'ban' | 'mute' | 'hold';

export const KIND_WORDS: Record<StandingKindName, string> = {
  ban: 'Site ban',
  mute: 'Site mute',
  hold: 'Hold',
};

/** How long a standing decision lasts; empty: until lifted. */
const ENDS = [
  { label: '1 hour', minutes: '60' },
  { label: '1 day', minutes: '1440' },
  { label: '7 days', minutes: String(7 * 1440) },
  { label: '30 days', minutes: String(30 * 1440) },
  { label: 'Until lifted', minutes: '' },
] as const;

export type StandingRowView = {
  id: number;
  bmUserId: number;
  userName: string | null;
  kind: StandingKindName;
  holdMessages: boolean;
  reason: string;
  startsAt: Date;
  endsAt: Date | null;
  createdBy: string | null;
  createdByRule: number | null;
  endedAt: Date | null;
  endReason: string | null;
  liftedAt: Date | null;
  liftError: string | null;
  appliedThreads: number;
};

const when = (d: Date | null) =>
  d ? new Date(d).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—';

function statusOf(r: StandingRowView): string {
  if (!r.endedAt) return 'Active';
  if (r.liftedAt) return 'Ended, lifted';
  return r.liftError ? `Ended, lifting: ${r.liftError}` : 'Ended, lifting…';
}

function EndsSelect({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  const id = useId();
  return (
    <span className="inline-flex items-center gap-1">
      <label htmlFor={id} className="text-xs text-muted">
        {label}
      </label>
      <select id={id} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {ENDS.map((e) => (
          <option key={e.label} value={e.minutes}>
            {e.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Site ban / site mute / hold of one person (or one picked), with its end and reason. */
export function StandingForm({
  siteId,
  person,
  picker = null,
}: {
  siteId: number;
  /** The person of a person page; without it a picker chooses. */
  person?: { id: number; name: string };
  /** The site's reasons (a standing decision is one the member may be told of). */
  picker?: ReasonPicker | null;
}) {
  const [missing, setMissing] = useState(false);
  const { run, pending, message } = useSiteAction();
  const [picked, setPicked] = useState<{ id: number; name: string } | null>(null);
  const [kind, setKind] = useState<StandingKindName>('ban');
  const [ends, setEnds] = useState<string>('1440');
  const [hold, setHold] = useState(false);
  const [reason, setReason] = useState('');
  const who = person ?? picked;
  const kindId = useId();
  const reasonId = useId();
  const holdId = useId();
  return (
    <form
      className="space-y-2"
      data-testid="standing-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!who) return;
        const why = picker ? reasonValues(e.currentTarget) : { reason };
        // A picked reason or one's own words: one of them is kept with the decision.
        setMissing(!why.reasonId && !why.reason?.trim());
        if (!why.reasonId && !why.reason?.trim()) return;
        run(
          () =>
            takeStandingDecision({
              siteId,
              bmUserId: who.id,
              kind,
              endsInMinutes: ends,
              holdMessages: kind !== 'hold' && hold,
              ...why,
            }),
          `${KIND_WORDS[kind]} of ${who.name} taken.`,
        );
      }}
    >
      {!person ? <UserPicker siteId={siteId} label="Who" selected={picked} onChange={setPicked} /> : null}
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={kindId} className="text-xs text-muted">
          Decision
        </label>
        <select
          id={kindId}
          className={inputClass}
          value={kind}
          onChange={(e) => setKind(e.target.value as StandingKindName)}
        >
          <option value="ban">Site ban</option>
          <option value="mute">Site mute</option>
          <option value="hold">Hold (messages wait for review)</option>
        </select>
        <EndsSelect value={ends} onChange={setEnds} label="Ends after" />
        {kind !== 'hold' ? (
          <span className="inline-flex items-center gap-1">
            <input id={holdId} type="checkbox" checked={hold} onChange={(e) => setHold(e.target.checked)} />
            <label htmlFor={holdId} className="text-xs">
              Also hold their messages for review
            </label>
          </span>
        ) : null}
      </div>
      {picker ? (
        <ReasonFields
          picker={picker}
          error={missing ? ['Say why: pick a reason or write one. It is kept with the decision.'] : undefined}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {picker ? null : (
          <>
            <label htmlFor={reasonId} className="text-xs text-muted">
              Reason
            </label>
            <input
              id={reasonId}
              className={`${inputClass} min-w-64 flex-1`}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Kept with the decision and in the audit log"
            />
          </>
        )}
        <Button type="submit" disabled={pending || !who || (!picker && !reason.trim())}>
          {KIND_WORDS[kind]}
        </Button>
      </div>
      <ActionMessage message={message} />
    </form>
  );
}

function RowActions({ siteId, row }: { siteId: number; row: StandingRowView }) {
  const { run, pending, message } = useSiteAction();
  const [ends, setEnds] = useState<string>('1440');
  if (row.endedAt) return <ActionMessage message={message} />;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ConfirmButton
        label="Lift now"
        confirmLabel="Lift it"
        disabled={pending}
        consequence={`Every ban, mute and hold this decision applied is lifted now.`}
        onConfirm={() =>
          run(
            () => liftStandingDecisionNow({ siteId, decisionId: row.id, reason: 'lifted by hand' }),
            `#${row.id} lifted.`,
          )
        }
      />
      <EndsSelect value={ends} onChange={setEnds} label="New end" />
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          run(
            () => extendStandingDecisionEnd({ siteId, decisionId: row.id, endsInMinutes: ends }),
            `#${row.id}: new end set.`,
          )
        }
      >
        Set end
      </Button>
      <ActionMessage message={message} />
    </div>
  );
}

/** The decisions, newest first; admins lift and extend them. */
export function StandingTable({
  siteId,
  siteSlug,
  rows,
  canManage,
  showPerson = true,
}: {
  siteId: number;
  siteSlug: string;
  rows: StandingRowView[];
  canManage: boolean;
  showPerson?: boolean;
}) {
  if (rows.length === 0) return <p className="text-sm text-muted">No standing decision.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="standing-table">
        <thead className="text-xs text-muted">
          <tr>
            <th className="p-1">#</th>
            <th className="p-1">Decision</th>
            {showPerson ? <th className="p-1">Person</th> : null}
            <th className="p-1">Reason</th>
            <th className="p-1">Started</th>
            <th className="p-1">Ends</th>
            <th className="p-1">Threads</th>
            <th className="p-1">Status</th>
            {canManage ? <th className="p-1">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-border align-top" data-testid={`standing-${r.id}`}>
              <td className="p-1">{r.id}</td>
              <td className="p-1">
                {KIND_WORDS[r.kind]}
                {r.holdMessages && r.kind !== 'hold' ? ' + hold' : ''}
                <div className="text-xs text-muted">
                  {r.createdByRule !== null ? `by rule #${r.createdByRule}` : (r.createdBy ?? '')}
                </div>
              </td>
              {showPerson ? (
                <td className="p-1">
                  <Link className="hover:underline" href={`/${siteSlug}/users/${r.bmUserId}`}>
                    <UntrustedText text={r.userName ?? `User #${r.bmUserId}`} />
                  </Link>
                </td>
              ) : null}
              <td className="p-1">
                <UntrustedText text={r.reason} />
              </td>
              <td className="p-1 whitespace-nowrap">{when(r.startsAt)}</td>
              <td className="p-1 whitespace-nowrap">{r.endsAt ? when(r.endsAt) : 'Until lifted'}</td>
              <td className="p-1">{r.kind === 'hold' ? '—' : r.appliedThreads}</td>
              <td className="p-1">
                {statusOf(r)}
                {r.endedAt ? <div className="text-xs text-muted">{r.endReason ?? ''}</div> : null}
              </td>
              {canManage ? (
                <td className="p-1">
                  <RowActions siteId={siteId} row={r} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Mark a person protected (with why), or take the mark away. */
export function ProtectedControl({
  siteId,
  person,
  marked,
}: {
  siteId: number;
  person: { id: number; name: string };
  /** The reason they were marked; null when not marked. */
  marked: string | null;
}) {
  const { run, pending, message } = useSiteAction();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  if (marked !== null) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            run(
              () => unmarkAccountProtected({ siteId, bmUserId: person.id }),
              `${person.name} is no longer marked protected.`,
            )
          }
        >
          Unmark protected
        </Button>
        <ActionMessage message={message} />
      </div>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          () => markAccountProtected({ siteId, bmUserId: person.id, reason }),
          `${person.name} is marked protected.`,
        );
      }}
    >
      <label htmlFor={reasonId} className="text-xs text-muted">
        Why protected
      </label>
      <input
        id={reasonId}
        className={inputClass}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button type="submit" variant="secondary" disabled={pending || !reason.trim()}>
        Mark protected
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

/** The marked-protected list of a site, each with its unmark button. */
export function ProtectedList({
  siteId,
  siteSlug,
  rows,
  canManage,
}: {
  siteId: number;
  siteSlug: string;
  rows: { bmUserId: number; name: string; reason: string; markedBy: string | null }[];
  canManage: boolean;
}) {
  const [adding, setAdding] = useState<{ id: number; name: string } | null>(null);
  return (
    <div className="space-y-2">
      {rows.length === 0 ? (
        <p className="text-sm text-muted">No one is marked protected.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="protected-list">
          {rows.map((r) => (
            <li key={r.bmUserId} className="flex flex-wrap items-center gap-2">
              <Link className="hover:underline" href={`/${siteSlug}/users/${r.bmUserId}`}>
                <UntrustedText text={r.name} />
              </Link>
              <span className="text-muted">
                — <UntrustedText text={r.reason} />
                {r.markedBy ? ` (${r.markedBy})` : ''}
              </span>
              {canManage ? (
                <ProtectedControl
                  siteId={siteId}
                  person={{ id: r.bmUserId, name: r.name }}
                  marked={r.reason}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <div className="space-y-1">
          <UserPicker siteId={siteId} label="Mark someone protected" selected={adding} onChange={setAdding} />
          {adding ? <ProtectedControl siteId={siteId} person={adding} marked={null} /> : null}
        </div>
      ) : null}
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { JobStartFooter } from '@/components/jobs/job-start-footer';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { plural } from '@/lib/infra/format/plural';
import { startMessagesBulkJob, startSiteBanSendersJob } from '@/lib/services/messages/actions';
import { DurationPicker } from '@/components/ui/duration-picker';
import type { MessagesScope } from '@/lib/services/messages/scope';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

type Mode = null | 'delete' | 'approve' | 'reject' | 'site-ban';
type StandingKind = 'ban' | 'mute' | 'hold';

const WORDS: Record<Exclude<Mode, null>, { title: string; verb: string }> = {
  delete: { title: 'Delete messages', verb: 'Delete' },
  approve: { title: 'Approve pending messages', verb: 'Approve the pending of' },
  reject: { title: 'Reject pending messages', verb: 'Reject the pending of' },
  'site-ban': { title: 'Site ban the senders', verb: 'Site ban the senders of' },
};
const KIND_VERB: Record<StandingKind, string> = { ban: 'Site ban', mute: 'Site mute', hold: 'Hold' };

/**
 * Delete, approve or reject over the chosen rows or every match: one durable job, its live counts
 * below (the jobs tray shows it too). Approve and reject take only the pending among them.
 */
export function BulkMessageActions({
  siteId,
  scope,
  count,
  canManagePolicy = false,
  picker = null,
  pin,
  close,
}: {
  siteId: number;
  scope: MessagesScope;
  /** How many messages the scope holds (as the page counted them); null: not counted yet. */
  count: number | null;
  /** Admins and owners: "site ban the senders" (standing decisions). */
  canManagePolicy?: boolean;
  /** The site's reasons: a delete, a reject and a site ban are decisions the senders may be told of. */
  picker?: ReasonPicker | null;
  pin?: () => void;
  close?: () => void;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const [reason, setReason] = useState('');
  const reasonForm = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<StandingKind>('ban');
  const [minutes, setMinutes] = useState(0);
  const [holdMessages, setHoldMessages] = useState(false);
  const router = useRouter();
  const what =
    count === null
      ? 'all matching messages'
      : scope.kind === 'all'
        ? `all ${plural(count, 'matching message')}`
        : plural(count, 'message');
  const open = (m: Mode) => {
    pin?.();
    setMode(m);
  };
  const done = () => {
    setMode(null);
    close?.();
  };
  return (
    <div className="flex flex-1 flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <Button variant="danger" onClick={() => open('delete')}>
          Delete {what}
        </Button>
        <Button variant="secondary" onClick={() => open('approve')}>
          Approve pending
        </Button>
        <Button variant="secondary" onClick={() => open('reject')}>
          Reject pending
        </Button>
        {canManagePolicy ? (
          <Button variant="secondary" onClick={() => open('site-ban')}>
            Site ban the senders
          </Button>
        ) : null}
      </div>
      {mode ? (
        <Dialog
          modal={false}
          label={WORDS[mode].title}
          onClose={done}
          className="space-y-2 rounded-md border border-border p-3"
        >
          {mode === 'site-ban' ? (
            <div className="space-y-2 text-sm">
              <p>
                Each distinct sender of {what} gets a standing decision on this site: applied at once in every
                thread they are in, and kept in the threads they join until it ends. Protected accounts are
                refused.
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <select
                  aria-label="Decision"
                  value={kind}
                  onChange={(e) => setKind(e.target.value as StandingKind)}
                  className={inputClass}
                >
                  <option value="ban">Site ban</option>
                  <option value="mute">Site mute</option>
                  <option value="hold">Hold their messages for review</option>
                </select>
                <DurationPicker variant="trust" label="Ends" value={minutes} onChange={setMinutes} />
                {kind !== 'hold' ? (
                  <label className="flex items-center gap-1 text-xs">
                    <input
                      type="checkbox"
                      checked={holdMessages}
                      onChange={(e) => setHoldMessages(e.target.checked)}
                    />
                    Also hold their messages for review
                  </label>
                ) : null}
              </div>
            </div>
          ) : mode === 'delete' ? (
            <p className="text-sm text-danger">
              Deleting removes {what} from the site for good, with their files. It cannot be undone.
            </p>
          ) : (
            <p className="text-sm">
              Only the pending messages among {what} are {mode === 'approve' ? 'approved' : 'rejected'}.
            </p>
          )}
          {picker && mode !== 'approve' ? (
            <form ref={reasonForm} aria-label="Why" onSubmit={(e) => e.preventDefault()}>
              <ReasonFields picker={picker} />
              {mode === 'site-ban' ? (
                <p className="text-xs text-muted">
                  Pick a reason or write one: it is kept with each decision.
                </p>
              ) : null}
            </form>
          ) : (
            <input
              aria-label="Reason (kept in the audit log)"
              placeholder={
                mode === 'site-ban'
                  ? 'Reason (required, kept with each decision)'
                  : 'Reason (kept in the audit log)'
              }
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className={inputClass}
            />
          )}
          <JobStartFooter
            key={mode}
            action={
              mode === 'site-ban'
                ? `${KIND_VERB[kind]} the senders of ${what}`
                : `${WORDS[mode].verb} ${what}`
            }
            variant={mode === 'delete' || mode === 'reject' || mode === 'site-ban' ? 'danger' : 'primary'}
            disabled={mode === 'site-ban' && !picker && !reason.trim()}
            start={() => {
              const why = picker && mode !== 'approve' ? reasonValues(reasonForm.current) : { reason };
              return mode === 'site-ban'
                ? startSiteBanSendersJob({
                    siteId,
                    scope,
                    kind,
                    endsInMinutes: minutes,
                    holdMessages: kind === 'hold' || holdMessages,
                    ...why,
                  })
                : startMessagesBulkJob({ siteId, action: mode, scope, ...why });
            }}
            onClose={done}
            onFinished={() => router.refresh()}
          />
        </Dialog>
      ) : null}
    </div>
  );
}

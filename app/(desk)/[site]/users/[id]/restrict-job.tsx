'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { JobStartFooter } from '@/components/jobs/job-start-footer';
import { cn } from '@/components/ui/cn';
import { Dialog } from '@/components/ui/dialog';
import { OverrideField, overrideInput } from '@/components/policy/override-field';
import { inputClass } from '@/components/ui/field';
import { DURATIONS, DurationPicker } from '@/components/ui/duration-picker';
import { banUserEverywhere, muteUserEverywhere, unbanUserEverywhere, unmuteUserEverywhere } from '../actions';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { plural } from '@/lib/infra/format/plural';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

export type JobKind = 'ban' | 'mute' | 'unban' | 'unmute';
export type JobThread = { id: number; subject: string | null };

const VERB: Record<JobKind, string> = { ban: 'Ban', mute: 'Mute', unban: 'Unban', unmute: 'Unmute' };

/**
 * One person, many threads: the choice of duration and reason, then a durable job the server
 * runs (it goes on if this page closes or the server restarts). The server works out the
 * threads itself, as this page lists them; the dialog shows the job's live counts, and the jobs
 * tray has the details, cancel and retry.
 */
export function RestrictJob({
  siteId,
  bmUserId,
  name,
  kind,
  threads: given,
  onClose,
  protectedReason = null,
  picker = null,
}: {
  siteId: number;
  bmUserId: number;
  name: string;
  kind: JobKind;
  threads: JobThread[];
  onClose: () => void;
  /** Why the person is protected: a ban or a mute then needs an override with a reason. */
  protectedReason?: string | null;
  /** The site's reasons: a ban or a mute is a decision the member may be told of. */
  picker?: ReasonPicker | null;
}) {
  const router = useRouter();
  // The count as it was when the panel opened: the page refreshes under it as threads change.
  const [count] = useState(given.length);
  const [duration, setDuration] = useState<number>(DURATIONS[2].minutes);
  const [reason, setReason] = useState('');
  const timed = kind === 'ban' || kind === 'mute';
  const reasonForm = useRef<HTMLFormElement>(null);
  const withReasons = timed && picker !== null;
  const [overrideReason, setOverrideReason] = useState('');
  const needsOverride = timed && Boolean(protectedReason);

  function start() {
    const input = { siteId, bmUserId, reason };
    const override = overrideInput(needsOverride ? protectedReason : null, overrideReason);
    const why = withReasons ? reasonValues(reasonForm.current) : { reason };
    if (kind === 'ban') return banUserEverywhere({ siteId, bmUserId, ...why, duration, ...override });
    if (kind === 'mute') return muteUserEverywhere({ siteId, bmUserId, ...why, duration, ...override });
    return kind === 'unban' ? unbanUserEverywhere(input) : unmuteUserEverywhere(input);
  }

  const title = `${VERB[kind]} ${revealHiddenText(name)} in ${plural(count, 'thread')}`;
  return (
    <Dialog
      modal={false}
      label={`${VERB[kind]} everywhere`}
      onClose={onClose}
      title={title}
      titleClassName="text-sm font-medium"
      className="space-y-2 rounded-md border border-border bg-surface p-3"
    >
      {count === 0 ? <p className="text-sm text-muted">No thread to work on.</p> : null}
      <div className="flex flex-wrap items-end gap-2">
        {timed ? <DurationPicker value={duration} onChange={setDuration} className="w-40" /> : null}
        {withReasons ? null : (
          <input
            aria-label="Reason (kept in the audit log)"
            placeholder="Reason (kept in the audit log)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={cn(inputClass, 'w-72')}
          />
        )}
      </div>
      {withReasons ? (
        <form ref={reasonForm} aria-label="Why" onSubmit={(e) => e.preventDefault()}>
          <ReasonFields picker={picker!} />
        </form>
      ) : null}
      {needsOverride ? (
        <OverrideField
          name={name}
          protectedReason={protectedReason!}
          value={overrideReason}
          onChange={setOverrideReason}
        />
      ) : null}
      <JobStartFooter
        action={`${VERB[kind]} in ${plural(count, 'thread')}`}
        variant={kind === 'ban' ? 'danger' : 'primary'}
        disabled={count === 0 || (needsOverride && !overrideReason.trim())}
        start={start}
        onClose={onClose}
        onFinished={() => router.refresh()}
      />
    </Dialog>
  );
}

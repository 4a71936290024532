'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { JobStartFooter } from '@/components/jobs/job-start-footer';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import type { ThreadListRow } from '@/lib/services/site-index/queries/threads';
import { UserPicker } from '@/components/users/user-picker';
import { startThreadBulkJob } from '@/lib/services/jobs/start-actions';
import { DURATIONS, DurationPicker } from '@/components/ui/duration-picker';
import { plural } from '@/lib/infra/format/plural';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';
import { asksOverride, useOverride } from '@/components/policy/override-field';

type Mode = null | 'ban' | 'erase';

export function BulkThreadActions({
  siteId,
  threads,
  picker = null,
  pin,
  close,
}: {
  siteId: number;
  threads: ThreadListRow[];
  /** The site's reasons: a ban is a decision about the person, who may be told of it. */
  picker?: ReasonPicker | null;
  pin: () => void;
  close: () => void;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const [user, setUser] = useState<{ id: number; name: string } | null>(null);
  const [duration, setDuration] = useState<number>(DURATIONS[1].minutes);
  const [reason, setReason] = useState('');
  // A protected person: the site's refusal, and the reason to do it anyway (the second try sends it).
  const anyway = useOverride();
  const reasonForm = useRef<HTMLFormElement>(null);
  const router = useRouter();
  const threadIds = threads.map((t) => t.id);

  // The server runs it as a job (the jobs tray shows it); each thread is audited as one.
  async function start() {
    if (mode === 'ban' && user) {
      const why = picker ? reasonValues(reasonForm.current) : { reason };
      const answer = await startThreadBulkJob({
        action: 'ban',
        siteId,
        threadIds,
        bmUserId: user.id,
        duration,
        ...why,
        ...anyway.input,
      });
      if (!answer.ok && asksOverride(answer) && !anyway.asking) {
        anyway.ask(answer.error);
        return { ok: false as const, error: 'Say why above to ban them anyway, or close.' };
      }
      return answer;
    }
    return startThreadBulkJob({ action: 'erase', siteId, threadIds, reason });
  }

  const done = () => {
    setMode(null);
    close();
  };
  return (
    <div className="flex flex-1 flex-col gap-2">
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => (pin(), setMode('ban'))}>
          Ban a user from these threads
        </Button>
        <Button variant="danger" onClick={() => (pin(), setMode('erase'))}>
          Erase these threads
        </Button>
      </div>
      {mode ? (
        <Dialog
          modal={false}
          label={mode === 'ban' ? 'Bulk ban' : 'Bulk erase'}
          onClose={done}
          className="space-y-2 rounded-md border border-border p-3"
        >
          {mode === 'ban' ? (
            <div className="flex flex-wrap items-end gap-2">
              <UserPicker
                siteId={siteId}
                label="User to ban"
                selected={user}
                onChange={(u) => (setUser(u), anyway.clear())}
              />
              <DurationPicker value={duration} onChange={setDuration} />
            </div>
          ) : (
            <p className="text-sm text-danger">
              Erasing deletes {plural(threads.length, 'thread')} on the site for good: every message, every
              file and every participant. It cannot be undone.
            </p>
          )}
          {picker && mode === 'ban' ? (
            <form ref={reasonForm} aria-label="Why" onSubmit={(e) => e.preventDefault()}>
              <ReasonFields picker={picker} />
            </form>
          ) : (
            <input
              aria-label="Reason (kept in the audit log)"
              placeholder="Reason (kept in the audit log)"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className={inputClass}
            />
          )}
          {mode === 'ban' && user ? anyway.field(user.name) : null}
          <JobStartFooter
            key={`${mode}:${user?.id ?? ''}`}
            action={
              mode === 'ban'
                ? `Ban from ${plural(threads.length, 'thread')}`
                : `Erase ${plural(threads.length, 'thread')}`
            }
            variant={mode === 'erase' ? 'danger' : 'primary'}
            disabled={mode === 'ban' && (!user || anyway.blocked)}
            start={start}
            onClose={done}
            onFinished={() => router.refresh()}
          />
        </Dialog>
      ) : null}
    </div>
  );
}

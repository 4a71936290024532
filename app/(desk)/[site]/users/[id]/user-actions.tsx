'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { JobLiveStatus } from '@/components/jobs/job-live-status';
import { startedJobIds } from '@/components/jobs/job-start-footer';
import { refreshJobs } from '@/components/jobs/jobs-store';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Card, inputClass } from '@/components/ui/field';
import { DurationPicker } from '@/components/ui/duration-picker';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { startDeleteUserMessagesJob } from '@/lib/services/jobs/start-actions';
import { deleteGuestAccount, distrustSiteUser, trustSiteUser } from '../actions';
import { RestrictJob, type JobKind, type JobThread } from './restrict-job';
import { OverrideField, overrideInput } from '@/components/policy/override-field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { ReasonFields } from '@/components/decisions/reason-fields';
import { reasonValues } from '@/components/decisions/reason-values';
import type { ReasonPicker } from '@/lib/services/decisions/picker';

export function UserActions({
  siteId,
  bmUserId,
  name: givenName,
  isGuest,
  threads,
  bannedIn,
  mutedIn,
  protectedReason = null,
  picker = null,
}: {
  siteId: number;
  bmUserId: number;
  name: string;
  isGuest: boolean;
  /** The site's reasons for a ban, a mute or deleting all their messages. */
  picker?: ReasonPicker | null;
  /** Where they take part now. */
  threads: JobThread[];
  /** Where a ban or mute is in force (they are no longer a participant where banned). */
  bannedIn: JobThread[];
  mutedIn: JobThread[];
  /** Why they are protected (null: not): bans, mutes and deleting all need an override. */
  protectedReason?: string | null;
}) {
  // Messages, options and dialog titles are plain strings: hidden characters show as markers there too.
  const name = revealHiddenText(givenName);
  const router = useRouter();
  const [job, setJob] = useState<JobKind | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const { run, pending, message } = useSiteAction();
  const deleteReason = useRef<HTMLFormElement>(null);
  const [trustDuration, setTrustDuration] = useState<number | 0>(0);
  const [trustThread, setTrustThread] = useState<number | 0>(0);
  // "Delete all their messages" runs on the server as a job (the jobs tray shows it).
  const [eraseJob, setEraseJob] = useState<{ ids: number[]; error: string | null; starting: boolean }>({
    ids: [],
    error: null,
    starting: false,
  });

  const jobThreads: Record<JobKind, JobThread[]> = {
    ban: threads,
    mute: threads,
    unban: bannedIn,
    unmute: mutedIn,
  };
  const trustInput = {
    siteId,
    bmUserId,
    threadId: trustThread || undefined,
    duration: trustDuration || undefined,
  };

  async function deleteAllMessages() {
    setEraseJob({ ids: [], error: null, starting: true });
    const started = startedJobIds(
      await startDeleteUserMessagesJob({
        siteId,
        bmUserId,
        ...reasonValues(deleteReason.current),
        ...overrideInput(protectedReason, overrideReason),
      }),
    );
    if (typeof started === 'string') return setEraseJob({ ids: [], error: started, starting: false });
    setEraseJob({ ids: started, error: null, starting: false });
    refreshJobs();
  }

  return (
    <Card className="space-y-3 p-3" data-testid="user-actions">
      <h2 className="text-sm font-semibold">
        Moderate <UntrustedText text={givenName} />
      </h2>
      <div className="flex flex-wrap gap-2">
        <Button variant="danger" onClick={() => setJob('ban')} disabled={job !== null}>
          Ban from all their threads
        </Button>
        <Button variant="secondary" onClick={() => setJob('mute')} disabled={job !== null}>
          Mute everywhere
        </Button>
        <Button variant="secondary" onClick={() => setJob('unban')} disabled={job !== null}>
          Unban everywhere
        </Button>
        <Button variant="secondary" onClick={() => setJob('unmute')} disabled={job !== null}>
          Unmute everywhere
        </Button>
      </div>
      {job ? (
        <RestrictJob
          key={job}
          siteId={siteId}
          bmUserId={bmUserId}
          name={name}
          kind={job}
          threads={jobThreads[job]}
          onClose={() => setJob(null)}
          protectedReason={protectedReason}
          picker={picker}
        />
      ) : null}

      <div className="space-y-2 border-t border-border pt-3">
        <h3 className="text-xs font-medium text-muted">Pre-moderation</h3>
        <div className="flex flex-wrap items-end gap-2">
          <select
            aria-label="Where"
            value={trustThread}
            onChange={(e) => setTrustThread(Number(e.target.value))}
            className={cn(inputClass, 'w-56')}
          >
            <option value={0}>Everywhere</option>
            {threads.map((t) => (
              <option key={t.id} value={t.id}>
                Only in: {revealHiddenText(t.subject?.trim() || `Thread #${t.id}`)}
              </option>
            ))}
          </select>
          <DurationPicker
            label="For how long"
            variant="trust"
            value={trustDuration}
            onChange={setTrustDuration}
            className="w-40"
          />
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              run(() => trustSiteUser(trustInput), `${name} is trusted: their waiting messages are approved.`)
            }
          >
            Trust (approve all waiting)
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              run(
                () => distrustSiteUser(trustInput),
                `${name} is distrusted: their waiting messages are deleted.`,
              )
            }
          >
            Distrust (delete all waiting)
          </Button>
        </div>
      </div>

      <div className="flex flex-wrap gap-2 border-t border-border pt-3">
        {picker ? (
          <form
            ref={deleteReason}
            aria-label="Why all their messages are deleted"
            className="w-full"
            onSubmit={(e) => e.preventDefault()}
          >
            <ReasonFields picker={picker} />
          </form>
        ) : null}
        {protectedReason ? (
          <OverrideField
            name={name}
            protectedReason={protectedReason}
            value={overrideReason}
            onChange={setOverrideReason}
          />
        ) : null}
        <ConfirmButton
          label="Delete all their messages"
          confirmLabel="Delete every message"
          consequence={`Every message ${name} sent on the site is deleted for good, with its files, in every thread. It cannot be undone.`}
          disabled={
            eraseJob.starting ||
            eraseJob.ids.length > 0 ||
            (Boolean(protectedReason) && !overrideReason.trim())
          }
          onConfirm={() => void deleteAllMessages()}
        />
        {isGuest ? (
          <ConfirmButton
            label="Delete guest account"
            confirmLabel="Delete the account"
            consequence={`The guest account of ${name} is deleted and leaves every chat room. Their messages stay unless you delete them first.`}
            disabled={pending}
            onConfirm={() =>
              run(() => deleteGuestAccount({ siteId, bmUserId }), 'The guest account is deleted.')
            }
          />
        ) : null}
      </div>
      <div data-testid="erase-progress">
        {eraseJob.error ? (
          <p role="alert" className="text-sm text-danger">
            {eraseJob.error}
          </p>
        ) : null}
        <JobLiveStatus key={eraseJob.ids.join()} jobIds={eraseJob.ids} onFinished={() => router.refresh()} />
      </div>
      <ActionMessage message={message} />
    </Card>
  );
}

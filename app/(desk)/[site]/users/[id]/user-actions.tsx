'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { BulkProgress } from '@/components/bulk/bulk-progress';
import type { BulkItemResult } from '@/components/bulk/use-bulk-runner';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Card, inputClass } from '@/components/ui/field';
import { DurationPicker } from '@/components/ui/duration-picker';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import {
  deleteGuestAccount,
  deleteUserMessages,
  distrustSiteUser,
  getUserMessageIds,
  trustSiteUser,
} from '../actions';
import { RestrictJob, type JobKind, type JobThread } from './restrict-job';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';

/** The plugin lists a person's messages 20 at a time; a round that deletes nothing this often stops the loop. */
const STALL_ROUNDS = 3;

export function UserActions({
  siteId,
  bmUserId,
  name: givenName,
  isGuest,
  threads,
  bannedIn,
  mutedIn,
}: {
  siteId: number;
  bmUserId: number;
  name: string;
  isGuest: boolean;
  /** Where they take part now. */
  threads: JobThread[];
  /** Where a ban or mute is in force (they are no longer a participant where banned). */
  bannedIn: JobThread[];
  mutedIn: JobThread[];
}) {
  // Messages, options and dialog titles are plain strings: hidden characters show as markers there too.
  const name = revealHiddenText(givenName);
  const router = useRouter();
  const [job, setJob] = useState<JobKind | null>(null);
  const { run, pending, message } = useSiteAction();
  const [trustDuration, setTrustDuration] = useState<number | 0>(0);
  const [trustThread, setTrustThread] = useState<number | 0>(0);
  const [erase, setErase] = useState<{
    done: number;
    total: number;
    running: boolean;
    results: BulkItemResult[];
  }>({
    done: 0,
    total: 0,
    running: false,
    results: [],
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
    const results: BulkItemResult[] = [];
    let total = 0;
    let stalls = 0;
    setErase({ done: 0, total: 0, running: true, results });
    for (;;) {
      const next = await getUserMessageIds({ siteId, bmUserId });
      if (!next.ok) {
        results.push({ key: 'list', label: 'Listing their messages', ok: false, error: next.error });
        break;
      }
      total = Math.max(total, results.length + next.data.total);
      if (next.data.ids.length === 0) break;
      const r = await deleteUserMessages({ siteId, bmUserId, messageIds: next.data.ids });
      if (!r.ok) {
        results.push(
          ...next.data.ids.map((id) => ({
            key: String(id),
            label: `Message #${id}`,
            ok: false,
            error: r.error,
          })),
        );
        break;
      }
      results.push(
        ...r.data.deletedIds.map((id) => ({ key: String(id), label: `Message #${id}`, ok: true })),
      );
      stalls = r.data.deletedIds.length === 0 ? stalls + 1 : 0;
      setErase({ done: results.length, total, running: true, results: [...results] });
      if (stalls >= STALL_ROUNDS) {
        results.push({
          key: 'stall',
          label: 'Deleting',
          ok: false,
          error: 'The site stopped deleting; try again.',
        });
        break;
      }
    }
    setErase({
      done: results.length,
      total: Math.max(total, results.length),
      running: false,
      results: [...results],
    });
    router.refresh();
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
        <ConfirmButton
          label="Delete all their messages"
          confirmLabel="Delete every message"
          consequence={`Every message ${name} sent on the site is deleted for good, with its files, in every thread. It cannot be undone.`}
          disabled={erase.running}
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
        <BulkProgress done={erase.done} total={erase.total} results={erase.results} running={erase.running} />
      </div>
      <ActionMessage message={message} />
    </Card>
  );
}

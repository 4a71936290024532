'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { BulkProgress } from '@/components/bulk/bulk-progress';
import { useSlicedJob, type SliceAnswer } from '@/components/bulk/use-sliced-job';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dialog } from '@/components/ui/dialog';
import { inputClass } from '@/components/ui/field';
import { DURATIONS, DurationPicker } from '@/components/ui/duration-picker';
import { banUserEverywhere, muteUserEverywhere, unbanUserEverywhere, unmuteUserEverywhere } from '../actions';
import { THREADS_PER_CALL } from '../job-sizes';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { plural } from '@/lib/infra/format/plural';

export type JobKind = 'ban' | 'mute' | 'unban' | 'unmute';
export type JobThread = { id: number; subject: string | null };

const VERB: Record<JobKind, string> = { ban: 'Ban', mute: 'Mute', unban: 'Unban', unmute: 'Unmute' };

/**
 * One person, many threads: the choice of duration and reason, then the job with its progress
 * bar, each thread's result, a stop between slices, and a retry of the failures.
 */
export function RestrictJob({
  siteId,
  bmUserId,
  name,
  kind,
  threads: given,
  onClose,
}: {
  siteId: number;
  bmUserId: number;
  name: string;
  kind: JobKind;
  threads: JobThread[];
  onClose: () => void;
}) {
  const router = useRouter();
  // The list as it was when the panel opened: the page refreshes under it as threads change.
  const [threads] = useState(given);
  const [duration, setDuration] = useState<number>(DURATIONS[2].minutes);
  const [reason, setReason] = useState('');
  const job = useSlicedJob(THREADS_PER_CALL);
  const timed = kind === 'ban' || kind === 'mute';
  const label = (t: JobThread) => revealHiddenText(t.subject?.trim() || `Thread #${t.id}`);

  async function start(items: { key: string; label: string }[]) {
    await job.run(items, async (keys): Promise<SliceAnswer> => {
      const input = { siteId, bmUserId, threadIds: keys.map(Number), reason };
      const r =
        kind === 'ban'
          ? await banUserEverywhere({ ...input, duration })
          : kind === 'mute'
            ? await muteUserEverywhere({ ...input, duration })
            : kind === 'unban'
              ? await unbanUserEverywhere(input)
              : await unmuteUserEverywhere(input);
      if (!r.ok) return { ok: false, error: r.error };
      return { ok: true, data: r.data.map((t) => ({ key: String(t.threadId), ok: t.ok, error: t.error })) };
    });
    router.refresh();
  }

  const items = threads.map((t) => ({ key: String(t.id), label: label(t) }));
  const title = `${VERB[kind]} ${revealHiddenText(name)} in ${plural(threads.length, 'thread')}`;
  return (
    <Dialog
      modal={false}
      label={`${VERB[kind]} everywhere`}
      // A running job is stopped first (its Stop button); Close waits for that, and so does Escape.
      onClose={() => job.running || onClose()}
      title={title}
      titleClassName="text-sm font-medium"
      className="space-y-2 rounded-md border border-border bg-surface p-3"
    >
      {threads.length === 0 ? <p className="text-sm text-muted">No thread to work on.</p> : null}
      <div className="flex flex-wrap items-end gap-2">
        {timed ? <DurationPicker value={duration} onChange={setDuration} className="w-40" /> : null}
        <input
          aria-label="Reason (kept in the audit log)"
          placeholder="Reason (kept in the audit log)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className={cn(inputClass, 'w-72')}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          variant={kind === 'ban' ? 'danger' : 'primary'}
          disabled={job.running || threads.length === 0}
          onClick={() => start(items)}
        >
          {`${VERB[kind]} in ${plural(threads.length, 'thread')}`}
        </Button>
        {job.running ? (
          <Button variant="secondary" onClick={job.stop}>
            Stop
          </Button>
        ) : null}
        {!job.running && job.failed.length > 0 ? (
          <Button
            variant="secondary"
            onClick={() => start(job.failed.map(({ key, label: l }) => ({ key, label: l })))}
          >
            Retry the {job.failed.length} failed
          </Button>
        ) : null}
        <Button variant="ghost" disabled={job.running} onClick={onClose}>
          Close
        </Button>
      </div>
      <BulkProgress done={job.done} total={job.total} results={job.results} running={job.running} />
    </Dialog>
  );
}

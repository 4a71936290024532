'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { JobView } from '@/lib/services/jobs/job-view';
import { etaInWords, JobProgress } from './job-progress';
import { refreshJobs } from './jobs-store';

export type JobAction = (input: { jobId: number }) => Promise<{ ok: boolean; error?: string }>;

const STATUS_WORDS: Record<JobView['status'], string> = {
  queued: 'Waiting to start',
  running: 'Running',
  done: 'Finished',
  cancelled: 'Cancelled',
};

/** One job in the tray. Its label and the failed items' words are strangers' text: text only. */
export function JobCard({
  job,
  cancelJob,
  retryFailed,
}: {
  job: JobView;
  cancelJob: JobAction;
  retryFailed: JobAction;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const open = job.status === 'queued' || job.status === 'running';
  const eta = open ? etaInWords(job.etaSeconds) : null;

  function act(action: JobAction) {
    setError(null);
    startTransition(async () => {
      const result = await action({ jobId: job.id });
      if (!result.ok) setError(result.error ?? 'That did not work.');
      refreshJobs();
    });
  }

  return (
    <li
      className="space-y-2 rounded-md border border-border p-2 text-sm"
      data-testid="job-card"
      data-job-id={job.id}
    >
      <div className="flex items-baseline justify-between gap-2">
        <p className="min-w-0 font-medium break-words" data-testid="job-label">
          <UntrustedText text={job.label} />
        </p>
        <span className="shrink-0 text-xs text-muted" data-testid="job-status">
          {STATUS_WORDS[job.status]}
        </span>
      </div>
      <p className="text-xs text-muted">
        <UntrustedText text={job.siteName} />
        {job.startedBy ? (
          <>
            {' · by '}
            <UntrustedText text={job.startedBy} />
          </>
        ) : null}
        {eta ? <span data-testid="job-eta">{` · ${eta}`}</span> : null}
      </p>
      <JobProgress job={job} testId="job-progress" />
      {job.counts.failed > 0 ? (
        <details className="text-xs" data-testid="job-failed">
          <summary className="cursor-pointer text-danger">{job.counts.failed} failed — why</summary>
          <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto text-danger">
            {job.failed.map((f) => (
              <li key={f.seq}>
                <UntrustedText text={f.label} />: <UntrustedText text={f.error ?? f.code ?? 'failed'} />
              </li>
            ))}
            {job.counts.failed > job.failed.length ? (
              <li className="text-muted">and {job.counts.failed - job.failed.length} more</li>
            ) : null}
          </ul>
        </details>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      {job.canAct && (open || job.counts.failed > 0) ? (
        <div className="flex gap-2">
          {open ? (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => act(cancelJob)}
              aria-label={`Cancel: ${job.label}`}
            >
              Cancel
            </Button>
          ) : null}
          {job.counts.failed > 0 ? (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => act(retryFailed)}
              aria-label={`Retry the failed: ${job.label}`}
            >
              Retry the failed
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { JobLiveStatus } from './job-live-status';
import { refreshJobs } from './jobs-store';

export type StartAnswer =
  | { ok: true; data: { jobId: number } | { jobIds: number[] } }
  | { ok: false; error: string; fieldErrors?: Record<string, string[] | undefined> };

/** The job ids a start action answered, or its refusal in words. */
export function startedJobIds(answer: StartAnswer): number[] | string {
  if (!answer.ok) {
    const fields = Object.values(answer.fieldErrors ?? {})
      .flat()
      .filter(Boolean);
    return [answer.error, ...fields].join(' ');
  }
  return 'jobId' in answer.data ? [answer.data.jobId] : answer.data.jobIds;
}

/**
 * The foot of a bulk dialog whose work runs on the server as a durable job: the start button,
 * then the job's live counts. Cancel and "Retry the failed" are in the jobs tray.
 */
export function JobStartFooter({
  action,
  variant = 'primary',
  disabled = false,
  start,
  onClose,
  onFinished,
}: {
  /** The start button's words, naming what it will do to how many. */
  action: string;
  variant?: 'primary' | 'danger';
  disabled?: boolean;
  start: () => Promise<StartAnswer>;
  onClose: () => void;
  /** Runs once when every started job has ended. */
  onFinished?: () => void;
}) {
  const [jobIds, setJobIds] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function go() {
    setError(null);
    startTransition(async () => {
      const started = startedJobIds(await start());
      if (typeof started === 'string') return setError(started);
      setJobIds(started);
      refreshJobs();
    });
  }

  return (
    <>
      <div className="flex gap-2">
        <Button variant={variant} disabled={disabled || pending || jobIds.length > 0} onClick={go}>
          {action}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <JobLiveStatus jobIds={jobIds} onFinished={onFinished} />
    </>
  );
}

'use client';

import { useEffect, useRef } from 'react';
import { countsInWords, etaInWords, JobProgress } from './job-progress';
import { useJobs } from './jobs-store';

/**
 * Jobs just started from this page, live: "Started — see the jobs tray", each job's progress and
 * ETA, then how it ended. `onFinished` runs once when every one has ended (to refresh a list).
 */
export function JobLiveStatus({
  jobIds,
  onFinished,
  testId = 'job-started',
}: {
  jobIds: number[];
  onFinished?: () => void;
  testId?: string;
}) {
  const { jobs } = useJobs();
  const finishedOnce = useRef(false);
  const mine = jobIds.map((id) => jobs.find((j) => j.id === id));
  const allEnded =
    jobIds.length > 0 && mine.every((j) => j && (j.status === 'done' || j.status === 'cancelled'));

  useEffect(() => {
    if (allEnded && !finishedOnce.current) {
      finishedOnce.current = true;
      onFinished?.();
    }
  }, [allEnded, onFinished]);

  if (jobIds.length === 0) return null;
  return (
    <div className="space-y-2" data-testid={testId}>
      <p className="text-sm" aria-live="polite" data-testid="job-started-status">
        {allEnded
          ? 'Finished — the jobs tray keeps the details.'
          : 'Started — it runs on the server, even if you close this page. See the jobs tray.'}
      </p>
      {mine.map((job, i) =>
        job ? (
          <div key={job.id} className="space-y-1">
            <JobProgress job={job} />
            {job.status === 'cancelled' ? <p className="text-xs text-muted">Cancelled.</p> : null}
            {job.status !== 'done' && job.status !== 'cancelled' && job.etaSeconds !== null ? (
              <p className="text-xs text-muted">{etaInWords(job.etaSeconds)}</p>
            ) : null}
            {job.counts.failed > 0 && (job.status === 'done' || job.status === 'cancelled') ? (
              <p className="text-xs text-danger">
                {countsInWords(job.counts, job.total)}. The jobs tray lists why and can retry the failed.
              </p>
            ) : null}
          </div>
        ) : (
          <p key={jobIds[i]} className="text-xs text-muted">
            Waiting for the job to show…
          </p>
        ),
      )}
    </div>
  );
}

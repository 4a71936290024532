import type { JobView } from '@/lib/services/jobs/job-view';
import { settledCount } from '@/lib/services/jobs/job-view';

/** A job's progress bar (done + failed + gone of total) and its counts in words. */
export function JobProgress({
  job,
  testId,
}: {
  job: Pick<JobView, 'counts' | 'total' | 'label'>;
  testId?: string;
}) {
  const { counts, total } = job;
  const finished = counts.done + counts.failed + counts.gone;
  return (
    <div className="space-y-1" data-testid={testId}>
      <div
        className="flex h-2 w-full overflow-hidden rounded bg-surface-2"
        role="progressbar"
        aria-label={`Progress: ${job.label}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
        aria-valuetext={`${finished} of ${total}`}
      >
        <div
          className="h-full bg-accent transition-all"
          style={{ width: `${(counts.done / total) * 100 || 0}%` }}
        />
        <div
          className="h-full bg-muted transition-all"
          style={{ width: `${(counts.gone / total) * 100 || 0}%` }}
        />
        <div
          className="h-full bg-danger transition-all"
          style={{ width: `${(counts.failed / total) * 100 || 0}%` }}
        />
      </div>
      <p className="text-xs text-muted" data-testid="job-counts">
        {countsInWords(job.counts, total)}
      </p>
    </div>
  );
}

export function countsInWords(counts: JobView['counts'], total: number): string {
  const parts = [`${counts.done} of ${total} done`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.gone) parts.push(`${counts.gone} already gone`);
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  const left = total - settledCount(counts);
  if (left > 0 && settledCount(counts) > 0) parts.push(`${left} left`);
  return parts.join(', ');
}

export function etaInWords(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h ${minutes % 60} min left`;
}

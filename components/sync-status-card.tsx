import { Card } from '@/components/ui/field';
import type { SyncProgress } from '@/lib/site-index/progress';

function eta(seconds: number | null) {
  if (seconds === null) return 'unknown';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The index's state for one site: how far the backfill got, how fast, and the load on the site. */
export function SyncStatusCard({ progress: p }: { progress: SyncProgress }) {
  const filling = !p.backfillFinishedAt;
  return (
    <Card className="space-y-2 p-4" data-testid="sync-status">
      <div className="flex items-baseline justify-between">
        <h2 className="text-sm font-semibold">Site index</h2>
        <span className="text-xs text-muted">{p.status}</span>
      </div>
      <div
        className="h-2 w-full overflow-hidden rounded bg-surface-2"
        role="progressbar"
        aria-label="Message ids indexed"
        aria-valuemin={0}
        aria-valuemax={p.idsTotal}
        aria-valuenow={p.idsCovered}
      >
        <div className="h-full bg-accent" style={{ width: `${p.percent}%` }} />
      </div>
      <p className="text-xs text-muted">
        {filling
          ? `Backfill: ${p.idsCovered.toLocaleString('en')} of ${p.idsTotal.toLocaleString('en')} message ids (${p.percent}%)` +
            (p.messagesPerSecond
              ? ` · ${Math.round(p.messagesPerSecond)} messages/s · about ${eta(p.etaSeconds)} left`
              : '')
          : `Complete: ${p.idsTotal.toLocaleString('en')} message ids. Kept in step by incremental sync.`}
      </p>
      <p className="text-xs text-muted">
        Load on the site: {p.callsPerMinute ?? 0} calls/min
        {p.avgAnswerMs !== null ? ` · answers in ${Math.round(p.avgAnswerMs)} ms on average` : ''}
        {p.lastIncrementalAt
          ? ` · last sync ${new Date(p.lastIncrementalAt).toISOString().slice(11, 19)} UTC`
          : ''}
      </p>
      {p.lastError ? (
        <p className="text-xs text-danger" data-testid="sync-error">
          {p.status === 'backing-off' ? 'Backing off: ' : 'Last error: '}
          {p.lastError.message}
          {p.nextAttemptAt ? ` · next try ${new Date(p.nextAttemptAt).toISOString().slice(11, 19)} UTC` : ''}
        </p>
      ) : null}
    </Card>
  );
}

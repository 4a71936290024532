import { Card } from '@/components/ui/field';
import type { SyncProgress } from '@/lib/services/site-index/progress';
import { errorLine, progressLines, statusText } from '@/lib/services/site-index/progress-summary';

/** The index's state for one site: a catch-up or the backfill and how fast, and the load on the site. */
export function SyncStatusCard({
  progress: p,
  hashing,
}: {
  progress: SyncProgress;
  /** Perceptual hashes of the site's images ("seen before"). */
  hashing?: { hashed: number; skipped: number; matching: number };
}) {
  // A catch-up holds the newest messages: its bar is the one that says how far behind the index is.
  const bar = p.catchUp ?? p;
  const error = errorLine(p);
  return (
    <Card className="space-y-2 p-4" data-testid="sync-status">
      <div className="flex items-baseline justify-between">
        <h2 className="text-sm font-semibold">Site index</h2>
        <span className="text-xs text-muted">{statusText(p)}</span>
      </div>
      <div
        className="h-2 w-full overflow-hidden rounded bg-surface-2"
        role="progressbar"
        aria-label={p.catchUp ? 'New message ids indexed' : 'Message ids indexed'}
        aria-valuemin={0}
        aria-valuemax={bar.idsTotal}
        aria-valuenow={bar.idsCovered}
      >
        <div className="h-full bg-accent" style={{ width: `${bar.percent}%` }} />
      </div>
      {progressLines(p).map((line) => (
        <p key={line} className="text-xs text-muted">
          {line}
        </p>
      ))}
      <p className="text-xs text-muted">
        Load on the site: {p.callsPerMinute ?? 0} calls/min
        {p.avgAnswerMs !== null ? ` · answers in ${Math.round(p.avgAnswerMs)} ms on average` : ''}
        {p.lastIncrementalAt
          ? ` · last sync ${new Date(p.lastIncrementalAt).toISOString().slice(11, 19)} UTC`
          : ''}
      </p>
      {hashing ? (
        <p className="text-xs text-muted" data-testid="hashing-status">
          Images hashed: {hashing.hashed.toLocaleString('en')} · skipped{' '}
          {hashing.skipped.toLocaleString('en')}
          {hashing.matching > 0 ? ` · ${hashing.matching.toLocaleString('en')} match removed images` : ''}
        </p>
      ) : null}
      {error ? (
        <p
          className={error.standing ? 'text-xs text-danger' : 'text-xs text-muted'}
          data-testid={error.standing ? 'sync-error' : 'sync-recovered'}
        >
          {error.text}
        </p>
      ) : null}
    </Card>
  );
}

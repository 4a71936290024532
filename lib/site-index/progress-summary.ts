/** The index's state in words, as the site's status card shows it. Plain module: no database. */
import { plural } from '@/lib/format/plural';
import type { SyncProgress } from './progress';

export function etaText(seconds: number | null) {
  if (seconds === null) return 'unknown';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const pace = (p: SyncProgress, etaSeconds: number | null) =>
  p.messagesPerSecond
    ? ` · ${Math.round(p.messagesPerSecond)} messages/s · about ${etaText(etaSeconds)} left`
    : '';

/** The status in a word or two: "catching up", "backfilling", "idle"… */
export function statusText(p: Pick<SyncProgress, 'status'>) {
  return p.status.replace('-', ' ');
}

/** One line per thing under way: a catch-up (newest first), the backfill, or that all is in step. */
export function progressLines(p: SyncProgress): string[] {
  const lines: string[] = [];
  if (p.catchUp) {
    lines.push(
      `Catching up: ${plural(p.catchUp.behind, 'message')} behind, newest first (${p.catchUp.percent}% of ${plural(p.catchUp.idsTotal, 'new id')})` +
        pace(p, p.catchUp.etaSeconds),
    );
  }
  if (!p.backfillFinishedAt) {
    lines.push(
      `Backfill: ${p.idsCovered.toLocaleString('en')} of ${plural(p.idsTotal, 'message id')} (${p.percent}%)` +
        (p.catchUp ? '' : pace(p, p.etaSeconds)),
    );
  } else if (!p.catchUp) {
    lines.push(`Complete: ${plural(p.idsTotal, 'message id')}. Kept in step by incremental sync.`);
  }
  return lines;
}

/** The index's state in words, as the site's status card shows it. Plain module: no database. */
import { plural } from '@/lib/infra/format/plural';
import type { SyncProgress } from './progress';

function etaText(seconds: number | null) {
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

/** The sync is stopped on its last error now (backing off, or waiting for a person), not past it. */
export function errorStands(status: string): boolean {
  return status === 'backing-off' || status === 'error';
}

const clock = (d: Date | string) => new Date(d).toISOString().slice(11, 19);

/**
 * The sync's last error as it stands: a standing one (backing off, or waiting for a person) in the
 * danger tone; one the sync has since gone on from as "recovered", so it no longer reads as broken.
 */
export function errorLine(
  p: Pick<SyncProgress, 'status' | 'lastError' | 'nextAttemptAt'>,
): { standing: boolean; text: string } | null {
  if (!p.lastError) return null;
  if (errorStands(p.status)) {
    const next = p.nextAttemptAt ? ` · next try ${clock(p.nextAttemptAt)} UTC` : '';
    return {
      standing: true,
      text: `${p.status === 'backing-off' ? 'Backing off' : 'Last error'}: ${p.lastError.message}${next}`,
    };
  }
  const at = p.lastError.at ? ` at ${clock(p.lastError.at)} UTC` : '';
  return { standing: false, text: `Recovered from an error${at}: ${p.lastError.message}` };
}

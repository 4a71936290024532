/**
 * One truth about a site's health, from both things that talk to it: the connection check
 * (probe, on connect and on "Re-check") and the index's sync (every few seconds). A sync that
 * WordPress refuses (a revoked application password) breaks the connection whatever the last
 * check said, unless a check after the refusal passed. Every page shows a site's health through
 * this, so the overview, the sites list and the sidebar cannot disagree. Plain module: no I/O.
 */
import { errorStands } from '@/lib/services/site-index/progress-summary';

export type SiteHealthState = 'connected' | 'failing' | 'unchecked';

export type SiteHealth = {
  state: SiteHealthState;
  /** Why it is failing, in the words of whoever found out. */
  reason: string | null;
  /** Which found out: the connection check or the index's sync. */
  source: 'check' | 'sync' | null;
  /** When that was seen. */
  at: Date | null;
};

export type ProbeFacts = {
  status: 'ok' | 'error' | 'unknown';
  statusMessage: string | null;
  checkedAt: Date | null;
};

export type SyncFacts = {
  status: string;
  lastErrorKind: string | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

/** The sync is failing on a refusal right now (not an old error kept for the record). */
function syncRefused(sync: SyncFacts | null): sync is SyncFacts & { lastError: string } {
  return (
    sync !== null && errorStands(sync.status) && sync.lastErrorKind === 'auth' && sync.lastError !== null
  );
}

export function siteHealth(probe: ProbeFacts, sync: SyncFacts | null): SiteHealth {
  const checkedAfter =
    probe.checkedAt !== null &&
    sync?.lastErrorAt != null &&
    probe.checkedAt.getTime() > sync.lastErrorAt.getTime();
  if (syncRefused(sync) && !(checkedAfter && probe.status === 'ok')) {
    return { state: 'failing', reason: sync.lastError, source: 'sync', at: sync.lastErrorAt };
  }
  if (probe.status === 'error') {
    return {
      state: 'failing',
      reason: probe.statusMessage ?? 'The last connection check failed.',
      source: 'check',
      at: probe.checkedAt,
    };
  }
  if (probe.status === 'ok')
    return { state: 'connected', reason: null, source: 'check', at: probe.checkedAt };
  return { state: 'unchecked', reason: null, source: null, at: null };
}

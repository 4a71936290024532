/** What went wrong, in words for sync_state, and how long to wait before trying again. */
import { BmError, retryAfterMs } from '@/lib/infra/better-messages';
import { errorWords } from '@/lib/infra/db/error-words';

import type { SyncOptions } from './context';

export interface Fault {
  kind: string;
  message: string;
  waitMs: number;
  /** Nothing will change until a person acts (credentials, permissions). */
  needsPerson: boolean;
}

export function describeFault(error: unknown, failures: number, options: Required<SyncOptions>): Fault {
  const backoff = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.min(failures, 16));
  if (error instanceof BmError) {
    if (error.kind === 'auth') {
      return { kind: 'auth', message: error.message, waitMs: options.authBackoffMs, needsPerson: true };
    }
    const kind = error.status === 429 ? 'rate-limited' : error.kind;
    // A site (or its firewall) that says when to come back is believed, up to our longest backoff.
    const asked = retryAfterMs(error);
    if (asked !== undefined && asked > backoff) {
      const waitMs = Math.min(asked, options.backoffMaxMs);
      const message = `${error.message} The site asked to wait ${Math.ceil(waitMs / 1000)} s.`;
      return { kind, message, waitMs, needsPerson: false };
    }
    return { kind, message: error.message, waitMs: backoff, needsPerson: false };
  }
  // Our own failure (database, bug): keep the words short and free of data.
  return { kind: 'internal', message: errorWords(error), waitMs: backoff, needsPerson: false };
}

import type { AuditOutcome } from './outcomes';
import { ActionRefusal, type FieldErrors } from './result';

export type Classified = {
  outcome: Exclude<AuditOutcome, 'denied' | 'partial'>;
  code: string;
  message: string;
  fieldErrors?: FieldErrors;
};

type SiteError = Error & { kind: string; code?: string; status?: number };

function isSiteError(err: unknown): err is SiteError {
  return err instanceof Error && typeof (err as { kind?: unknown }).kind === 'string';
}

/**
 * Turns what an action threw into the audit outcome and the words the member sees.
 * The site saying no is `refused` (with its own code); an outage or a bug is `failed`.
 */
export function classifyError(err: unknown): Classified {
  if (err instanceof ActionRefusal) {
    return { outcome: 'refused', code: err.code, message: err.message, fieldErrors: err.fieldErrors };
  }
  if (isSiteError(err)) {
    const refusedKinds = ['refused', 'auth', 'http', 'redirect', 'blocked-address'];
    const isRefusal = refusedKinds.includes(err.kind) && !(err.kind === 'http' && (err.status ?? 0) >= 500);
    return {
      outcome: isRefusal ? 'refused' : 'failed',
      code: err.code ?? err.kind,
      message: err.message,
    };
  }
  return { outcome: 'failed', code: 'internal', message: 'Something went wrong on the BM Desk server.' };
}

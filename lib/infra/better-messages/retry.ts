/** When a read may be repeated, and how long to wait first. */
import { BmError } from './errors';

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Network failures and overload answers only. Timeouts are not repeated: a site that took
 * the whole timeout once is slow, and asking again would only multiply the wait.
 */
export function isRetryable(error: BmError): boolean {
  if (error.kind === 'unreachable') return error.causeCode !== undefined;
  if (error.kind === 'http' || error.kind === 'bad-response') {
    return error.status !== undefined && RETRY_STATUSES.has(error.status);
  }
  return false;
}

/** Exponential backoff with jitter in [50 %, 100 %] of the step, so clients spread out. */
export function backoffMs(tries: number, baseMs: number): number {
  const step = baseMs * 2 ** tries;
  return Math.round(step / 2 + Math.random() * (step / 2));
}

// Retry-After travels beside the error, not on it: errors stay plain data.
const retryAfterOf = new WeakMap<object, string>();

export function noteRetryAfter(error: object, value: string): void {
  retryAfterOf.set(error, value);
}

/** How long the site asked us to wait (429/503 `Retry-After`) before the call that failed with `error`. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return parseRetryAfter(retryAfterOf.get(error) ?? null, now);
}

/** `Retry-After` in seconds or as an HTTP date; `undefined` when absent or unreadable. */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

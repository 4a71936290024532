/**
 * Writes a job item may leave for later once its call is back: its audit outcome and the index's
 * copy of what the site answered. They are gathered and written a batch at a time (one statement
 * for many items) by the runner just before it writes the items' ends, so an item is never
 * recorded as ended before its outcome is on record; a timer writes them too when no runner is
 * around to ask. On PGlite every statement runs on the server's one thread, so a job over
 * thousands of threads otherwise spends more time writing than calling.
 *
 * A crash before the flush leaves the intent without an outcome (as a crash during the call
 * would) and the item 'running', which the next runner verifies with the site.
 */
import 'server-only';
import { recordOutcomes } from '@/lib/infra/actions/audit';
import type { AuditOutcome } from '@/lib/infra/actions/outcomes';
import type { BmUpdateBundle } from '@/lib/infra/better-messages';
import { storeThreadAnswers } from '@/lib/services/site-index/refresh';

type Outcome = Parameters<typeof recordOutcomes>[0][number];

const outcomes: Outcome[] = [];
const answers = new Map<number, { threadId: number; answer: BmUpdateBundle | false }[]>();
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<void> = Promise.resolve();

const LATER_MS = 250;

function schedule() {
  timer ??= setTimeout(() => {
    timer = null;
    void flushWriteBehind().catch((e: Error) => console.error(`[jobs] write-behind failed: ${e.message}`));
  }, LATER_MS);
  timer.unref?.();
}

export function outcomeLater(
  auditId: number,
  outcome: AuditOutcome,
  durationMs: number,
  detail: { code?: string; message?: string } = {},
): void {
  outcomes.push({ auditId, outcome, durationMs, ...detail });
  schedule();
}

export function threadAnswerLater(siteId: number, threadId: number, answer: BmUpdateBundle | false): void {
  const list = answers.get(siteId) ?? [];
  list.push({ threadId, answer });
  answers.set(siteId, list);
  schedule();
}

/** Writes everything gathered so far; resolves once it (and any flush before it) is written. */
export function flushWriteBehind(): Promise<void> {
  const o = outcomes.splice(0);
  const a = [...answers];
  answers.clear();
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  const previous = flushing;
  flushing = (async () => {
    await previous.catch(() => undefined);
    if (o.length > 0) await recordOutcomes(o);
    for (const [siteId, list] of a) {
      await storeThreadAnswers(siteId, list).catch((e: Error) =>
        console.error(`[jobs] index update of ${list.length} threads failed: ${e.message}`),
      );
    }
  })();
  return flushing;
}

'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { formatWhen } from '@/components/format-when';
import { Button } from '@/components/ui/button';
import { FormError, inputClass } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { tryRuleOnHistory } from '@/lib/services/rules/actions';
import type { HistoryResult } from '@/lib/services/rules/history';
import type { RuleCondition, RuleTrigger } from '@/lib/services/rules/tree';

const PER_PAGE = 25;

/** Runs the rule as it stands in the editor over the index's last N days and lists what it would have matched. */
export function HistoryPanel({
  siteId,
  slug,
  current,
}: {
  siteId: number;
  slug: string;
  /** The editor's conditions and triggers at the moment of the click. */
  current: () => { conditions: RuleCondition; triggers: RuleTrigger[] };
}) {
  const [days, setDays] = useState('30');
  const [result, setResult] = useState<HistoryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [pending, start] = useTransition();

  const run = () =>
    start(async () => {
      setError(null);
      const r = await tryRuleOnHistory({ siteId, days, ...current() });
      if (r.ok) {
        setResult(r.data);
        setPage(1);
      } else {
        setError(r.fieldErrors?.days?.join(' ') ?? r.error);
      }
    });

  const pages = result ? Math.max(1, Math.ceil(result.matches.length / PER_PAGE)) : 1;
  const shown = result?.matches.slice((page - 1) * PER_PAGE, page * PER_PAGE) ?? [];
  return (
    <section
      aria-labelledby="history-title"
      className="space-y-3 rounded-lg border border-border bg-surface p-3"
    >
      <h2 id="history-title" className="text-sm font-semibold">
        Try on history
      </h2>
      <p className="text-xs text-muted">
        Runs the conditions above (saved or not) over the messages BM Desk has indexed, and lists every one
        they would have matched. Nothing is done to them.
      </p>
      <div className="flex items-end gap-2">
        <label htmlFor="history-days" className="space-y-1 text-xs text-muted">
          <span className="block">Last days (1–90)</span>
          <input
            id="history-days"
            type="number"
            min={1}
            max={90}
            className={`${inputClass} w-24`}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <Button type="button" variant="secondary" onClick={run} disabled={pending}>
          {pending ? 'Trying…' : 'Try on history'}
        </Button>
      </div>
      <FormError message={error} />
      {result ? (
        <div className="space-y-2" aria-live="polite">
          <p className="text-sm" data-testid="history-summary">
            <strong>{result.matched.toLocaleString('en')}</strong> of {result.inWindow.toLocaleString('en')}{' '}
            messages of the last {result.days} days matched · {(result.ms / 1000).toFixed(1)} s
          </p>
          {result.stopped ? (
            <p role="status" className="text-xs text-warn" data-testid="history-stopped">
              Stopped after {(result.ms / 1000).toFixed(1)} s, {result.checked.toLocaleString('en')} messages
              checked
              {result.reachedAt ? <> (back to {formatWhen(result.reachedAt)})</> : null}. Narrow the
              conditions or the days to see all.
            </p>
          ) : null}
          {result.matched > result.matches.length ? (
            <p className="text-xs text-muted">
              The newest {result.matches.length.toLocaleString('en')} are listed.
            </p>
          ) : null}
          <ul className="divide-y divide-border" data-testid="history-matches">
            {shown.map((m) => (
              <li key={m.id} className="space-y-1 py-2" data-testid="history-match" data-message={m.id}>
                <div className="flex flex-wrap gap-x-3 text-xs text-muted">
                  {formatWhen(m.createdAt)}
                  <Link href={`/${slug}/users/${m.senderId}`} className="hover:underline">
                    <UntrustedText text={m.senderName ?? `User #${m.senderId}`} />
                  </Link>
                  <Link href={`/${slug}/threads/${m.threadId}`} className="hover:underline">
                    Thread #{m.threadId}
                  </Link>
                  {m.pending ? <span className="text-warn">pending</span> : null}
                  {m.reportCount > 0 ? <span className="text-danger">{m.reportCount} reports</span> : null}
                </div>
                <p className="text-sm break-words whitespace-pre-wrap">
                  <UntrustedText text={m.excerpt} />
                </p>
                <p className="text-xs text-muted">
                  Because:{' '}
                  {m.because.map((b) => `${b.condition} (${b.detail})`).join(', ') || 'all conditions held'}
                </p>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav aria-label="Matches pages" className="flex items-center gap-2 text-xs">
              <Button type="button" variant="ghost" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Previous
              </Button>
              <span>
                Page {page} of {pages}
              </span>
              <Button
                type="button"
                variant="ghost"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                Next
              </Button>
            </nav>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { TRIGGER_LABELS } from '@/lib/services/rules/labels';
import type { RuleMatchRow } from '@/lib/services/rules/queries';
import type { RuleTrigger } from '@/lib/services/rules/tree';

/** A rule's latest matches: the message as text, who sent it, where, and what was (or would have been) done. */
export function RuleMatches({ slug, matches }: { slug: string; matches: RuleMatchRow[] }) {
  return (
    <section aria-labelledby="matches-title" className="space-y-2">
      <h2 id="matches-title" className="text-sm font-semibold">
        Recent matches
      </h2>
      {matches.length === 0 ? (
        <p className="text-xs text-muted" data-testid="rule-matches-empty">
          None yet. In dry run or on, each new message it matches is listed here.
        </p>
      ) : (
        <ul
          className="divide-y divide-border rounded-lg border border-border bg-surface"
          data-testid="rule-matches"
        >
          {matches.map((m) => (
            <li key={m.id} className="space-y-1 p-2" data-testid="rule-match">
              <div className="flex flex-wrap gap-x-3 text-xs text-muted">
                {formatWhen(m.at)}
                <span>{TRIGGER_LABELS[m.trigger as RuleTrigger] ?? m.trigger}</span>
                <Link href={`/${slug}/users/${m.senderId}`} className="hover:underline">
                  <UntrustedText text={m.senderName ?? `User #${m.senderId}`} />
                </Link>
                <Link href={`/${slug}/threads/${m.threadId}`} className="hover:underline">
                  Thread #{m.threadId}
                </Link>
                <span className={m.dryRun ? 'text-warn' : 'text-ok'}>{m.dryRun ? 'dry run' : 'done'}</span>
                {m.skipped ? <span>skipped: {m.skipped}</span> : null}
              </div>
              <p className="text-sm break-words whitespace-pre-wrap">
                {m.excerpt === null ? (
                  <span className="text-muted">Message #{m.messageId} is no longer in the index.</span>
                ) : (
                  <UntrustedText text={m.excerpt} />
                )}
              </p>
              {m.outcomes.length ? (
                <p className="text-xs">
                  {m.outcomes
                    .map(
                      (o) =>
                        `${o.type ?? 'action'}: ${o.outcome ?? '?'}${o.message ? ` (${o.message})` : ''}`,
                    )
                    .join(' · ')}
                </p>
              ) : null}
              {m.because.length ? (
                <p className="text-xs text-muted">
                  Because: {m.because.map((b) => `${b.condition} (${b.detail})`).join(', ')}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

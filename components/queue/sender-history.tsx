import Link from 'next/link';
import { describe, OUTCOME_STYLE } from '@/components/audit/describe';
import { OUTCOME_LABEL } from '@/lib/services/audit/labels';
import type { SenderHistory as History } from '@/lib/services/queues/queries';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { plural } from '@/lib/infra/format/plural';

function day(at: Date | string | null) {
  return at ? new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'never';
}

/**
 * The sender of the focused item, one click away: what they sent, what is open against them,
 * and what this team decided about them before. Text only: names come from strangers.
 */
export function SenderHistory({ slug, name, history: h }: { slug: string; name: string; history: History }) {
  const stat = (label: string, value: number, href?: string) => (
    <li className="flex justify-between gap-2">
      <span className="text-muted">{label}</span>
      {href && value > 0 ? (
        <Link href={href} className="text-accent tabular-nums underline">
          {value.toLocaleString('en')}
        </Link>
      ) : (
        <span className="tabular-nums">{value.toLocaleString('en')}</span>
      )}
    </li>
  );
  return (
    <details className="rounded-md border border-border text-xs" data-testid="sender-history">
      <summary className="cursor-pointer px-2 py-1.5 font-medium select-none">
        <UntrustedText text={name} />
        &apos;s history · {plural(h.decisionCount, 'earlier decision')}
      </summary>
      <div className="grid gap-3 border-t border-border p-2 sm:grid-cols-[12rem_minmax(0,1fr)]">
        <ul className="space-y-0.5" aria-label="Sender counts">
          {stat('Messages sent', h.messageCount)}
          {stat('Threads', h.threadCount, `/${slug}/threads?participant=${h.senderId}`)}
          {stat('Reported messages', h.reportedCount)}
          {stat('Open reports now', h.reportedNow, `/${slug}/reports?sender=${h.senderId}`)}
          {stat('Pending now', h.pendingNow, `/${slug}/pending?sender=${h.senderId}`)}
          <li className="flex justify-between gap-2">
            <span className="text-muted">Last message</span>
            <span>{day(h.lastMessageAt)}</span>
          </li>
        </ul>
        {h.decisions.length === 0 ? (
          <p className="text-muted">No earlier decision about this sender in BM Desk.</p>
        ) : (
          <ol className="space-y-1" aria-label="Earlier decisions">
            {h.decisions.map((d) => (
              <li key={d.id}>
                <span className="text-muted">{day(d.at)}</span> · {d.memberEmail ?? 'someone'}:{' '}
                <span className="font-medium">{d.action}</span>{' '}
                <span className={OUTCOME_STYLE[d.outcome ?? ''] ?? 'text-muted'}>
                  ({OUTCOME_LABEL[d.outcome ?? ''] ?? 'no outcome'})
                </span>
                {d.params && Object.keys(d.params).length ? (
                  <UntrustedText
                    className="block text-muted"
                    text={describe(d.params as Record<string, unknown>)}
                  />
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>
    </details>
  );
}

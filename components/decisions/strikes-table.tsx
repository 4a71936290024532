import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { DecisionKind } from '@/lib/services/decisions/constants';
import type { StrikeView } from '@/lib/services/decisions/strikes';

export const DECISION_KIND_WORDS: Record<DecisionKind, string> = {
  warning: 'Warning',
  ban: 'Ban',
  mute: 'Mute',
  site_ban: 'Site ban',
  site_mute: 'Site mute',
  hold: 'Hold',
  delete: 'Messages deleted',
  reject: 'Message rejected',
  dismiss: 'Report dismissed',
};

function NoticeCell({ notice }: { notice: StrikeView['notice'] }) {
  if (!notice) return <span className="text-muted">—</span>;
  switch (notice.status) {
    case 'sent':
      return <span>Sent{notice.sentAt ? <> {formatWhen(notice.sentAt)}</> : null}</span>;
    case 'pending':
      return <span className="text-warn">Sending…</span>;
    case 'off':
      return (
        <span className="text-warn" data-notice="off">
          Not sent, notices are off{notice.error ? <>: {notice.error}</> : null}
        </span>
      );
    case 'failed':
      return (
        <span className="text-danger" data-notice="failed">
          Failed
          {notice.error ? (
            <>
              : <UntrustedText text={notice.error} />
            </>
          ) : null}
        </span>
      );
  }
}

const APPEAL_WORDS = { open: 'Appeal open', upheld: 'Appeal: upheld', overturned: 'Appeal: overturned' };

function StatusCell({ s }: { s: StrikeView }) {
  if (s.status === 'overturned') return <span className="text-muted">Overturned</span>;
  if (s.status === 'expired') return <span className="text-muted">Expired</span>;
  return (
    <span className="font-medium">
      Active
      {s.expiresAt ? <span className="font-normal text-muted"> until {formatWhen(s.expiresAt)}</span> : null}
    </span>
  );
}

/** A person's strikes, newest first: what was decided, why, by whom, and what became of the notice. */
export function StrikesTable({ slug, strikes }: { slug: string; strikes: StrikeView[] }) {
  if (strikes.length === 0) {
    return (
      <p className="text-sm text-muted" data-testid="strikes-empty">
        No strike: they were never told of a decision.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="strikes-table">
        <thead className="text-xs text-muted">
          <tr>
            <th className="p-1">Date</th>
            <th className="p-1">Decision</th>
            <th className="p-1">Reason</th>
            <th className="p-1">Who</th>
            <th className="p-1">Messages</th>
            <th className="p-1">Notice</th>
            <th className="p-1">Appeal</th>
            <th className="p-1">Status</th>
          </tr>
        </thead>
        <tbody>
          {strikes.map((s) => (
            <tr key={s.decisionId} className="border-t border-border/60 align-top" data-status={s.status}>
              <td className="p-1">{formatWhen(s.createdAt)}</td>
              <td className="p-1">
                {DECISION_KIND_WORDS[s.kind]}
                {s.endsAt ? <span className="text-xs text-muted"> until {formatWhen(s.endsAt)}</span> : null}
              </td>
              <td className="p-1">
                {s.reasonTitle ? (
                  <span>{s.reasonTitle}</span>
                ) : (
                  <span className="text-muted">No reason picked</span>
                )}
                {s.freeText ? (
                  <span className="block text-xs text-muted">
                    <UntrustedText text={s.freeText} />
                  </span>
                ) : null}
              </td>
              <td className="p-1">
                {s.automated ? 'Rule: ' : null}
                <UntrustedText text={s.who} />
              </td>
              <td className="p-1">
                {s.threadIds.length === 0 && s.messageIds.length === 0 ? (
                  <span className="text-muted">—</span>
                ) : (
                  <span className="flex flex-wrap gap-x-2">
                    {s.threadIds.slice(0, 5).map((t) => (
                      <Link key={t} href={`/${slug}/threads/${t}`} className="underline">
                        Thread #{t}
                      </Link>
                    ))}
                    {s.messageIds.length > 0 ? (
                      <span className="text-muted">
                        {s.messageIds.length === 1 ? 'message' : 'messages'}{' '}
                        {s.messageIds
                          .slice(0, 5)
                          .map((m) => `#${m}`)
                          .join(', ')}
                        {s.messageIds.length > 5 ? ` and ${s.messageIds.length - 5} more` : ''}
                      </span>
                    ) : null}
                  </span>
                )}
              </td>
              <td className="p-1">
                <NoticeCell notice={s.notice} />
              </td>
              <td className="p-1">
                {s.appeal ? APPEAL_WORDS[s.appeal.status] : <span className="text-muted">None</span>}
              </td>
              <td className="p-1">
                <StatusCell s={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

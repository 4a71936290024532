import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import type { ProfileMessage } from '@/lib/services/users/load-profile';
import { MessageBody } from '@/components/messages/message-body';

/** Messages from the index, bodies already sanitized by the loader; reports as plain text. */
export function MessageList({
  slug,
  messages,
  empty,
  testId,
}: {
  slug: string;
  messages: ProfileMessage[];
  empty: string;
  testId: string;
}) {
  if (messages.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <ul className="divide-y divide-border/60" data-testid={testId}>
      {messages.map((m) => (
        <li key={m.id} className="space-y-1 py-2" data-message-id={m.id}>
          <div className="flex items-center gap-2 text-xs text-muted">
            {formatWhen(m.createdAt)}
            <Link href={`/${slug}/threads/${m.threadId}`} className="hover:underline">
              Thread #{m.threadId}
            </Link>
            {m.pending ? <span className="text-warn">pending</span> : null}
          </div>
          <MessageBody html={m.html} />
          {m.reports.length > 0 ? (
            <ul className="text-xs text-danger">
              {m.reports.map((r, i) => (
                <li key={i}>
                  Reported by <UntrustedText text={r.reporter} />: {r.category}
                  {r.description ? (
                    <>
                      {' '}
                      — <UntrustedText text={r.description} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

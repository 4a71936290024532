import Link from 'next/link';
import { Card } from '@/components/ui/field';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { plural } from '@/lib/infra/format/plural';
import type { ContentOkRow } from '@/lib/services/decisions/content-ok';

/**
 * Messages a moderator marked "content is OK": their later reports never reach the queue, BM Desk
 * dismisses them at once. Shown where those reports would have been, with how many it dismissed.
 */
export function ContentOkMarks({ slug, marks }: { slug: string; marks: ContentOkRow[] }) {
  const dismissed = marks.reduce((n, m) => n + m.autoDismissed, 0);
  return (
    <Card className="p-0">
      <details data-testid="content-ok-marks" open={dismissed > 0 ? true : undefined}>
        <summary className="cursor-pointer px-3 py-2 text-sm">
          Marked OK: {plural(marks.length, 'message')}, {plural(dismissed, 'later report')} dismissed by BM
          Desk
        </summary>
        <ul className="divide-y divide-border/60 border-t border-border text-sm">
          {marks.map((m) => (
            <li key={m.messageId} className="space-y-0.5 px-3 py-2" data-ok-message={m.messageId}>
              <p className="text-xs text-muted">
                {m.threadId !== null ? (
                  <Link href={`/${slug}/threads/${m.threadId}`} className="text-accent underline">
                    Message #{m.messageId}
                  </Link>
                ) : (
                  `Message #${m.messageId}`
                )}
                {m.senderName ? (
                  <>
                    {' '}
                    by <UntrustedText text={m.senderName} />
                  </>
                ) : null}
              </p>
              {m.text ? (
                <p className="truncate">
                  <UntrustedText text={m.text.trim().slice(0, 140)} />
                </p>
              ) : null}
              <p className="text-xs" data-testid="content-ok-note">
                Marked OK by <UntrustedText text={m.markedByName} />,{' '}
                {plural(m.autoDismissed, 'later report')} dismissed
                {m.lastAutoDismissedAt
                  ? ` (last ${m.lastAutoDismissedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`
                  : ''}
                {m.openReports > 0 ? ` · ${plural(m.openReports, 'new report')} being dismissed` : ''}
              </p>
            </li>
          ))}
        </ul>
      </details>
    </Card>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { UntrustedText } from '@/components/ui/untrusted-text';
import { requireMember } from '@/lib/infra/auth/require';
import { getNotifications } from '@/lib/services/triage/notes';
import { MarkReadButton } from './mark-read-button';

export const metadata: Metadata = { title: 'Notifications' };

/** Where a member was mentioned in a private note, and the team's alerts, newest first. */
export default async function NotificationsPage() {
  const member = await requireMember();
  const list = await getNotifications(member.id);
  const unread = list.filter((n) => !n.readAt);
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">Notifications</h1>
        {unread.length ? <MarkReadButton ids={[]} label="Mark all read" /> : null}
      </div>
      {list.length === 0 ? (
        <p className="text-sm text-muted">
          Nothing yet. When someone mentions you in a note, or an alert fires, it shows here.
        </p>
      ) : null}
      <ul
        className="divide-y divide-border rounded-lg border border-border bg-surface"
        data-testid="notifications"
      >
        {list.map((n) => (
          <li key={n.id} className="flex items-start gap-3 p-3 text-sm" data-unread={!n.readAt || undefined}>
            <span
              className={n.readAt ? 'mt-1.5 size-2' : 'mt-1.5 size-2 rounded-full bg-accent'}
              aria-hidden
            />
            {n.kind === 'alert' ? (
              <div className="min-w-0 flex-1 space-y-1" data-testid="alert-notification">
                <p>
                  <span className="mr-1 rounded bg-warn-bg px-1.5 py-0.5 text-xs font-medium text-warn">
                    Alert
                  </span>
                  {n.alertLink && /^\/(?!\/)/.test(n.alertLink) ? (
                    <Link href={n.alertLink} className="font-medium text-accent underline">
                      <UntrustedText text={n.alertTitle ?? 'Alert'} />
                    </Link>
                  ) : (
                    <span className="font-medium">
                      <UntrustedText text={n.alertTitle ?? 'Alert'} />
                    </span>
                  )}{' '}
                  <span className="text-muted">
                    · {n.siteName} · {formatWhen(n.createdAt)}
                  </span>
                </p>
                {n.alertBody ? (
                  <p className="line-clamp-3 whitespace-pre-wrap text-muted">{n.alertBody}</p>
                ) : null}
              </div>
            ) : (
              <div className="min-w-0 flex-1 space-y-1">
                <p>
                  <span className="font-medium">{n.actorName}</span> mentioned you in{' '}
                  <Link href={`/${n.siteSlug}/inbox/${n.threadId}`} className="text-accent underline">
                    <UntrustedText text={n.subject?.trim() || `thread #${n.threadId}`} />
                  </Link>{' '}
                  <span className="text-muted">
                    · {n.siteName} · {formatWhen(n.createdAt)}
                  </span>
                </p>
                {n.noteBody ? (
                  <p className="line-clamp-3 whitespace-pre-wrap text-muted">{n.noteBody}</p>
                ) : null}
              </div>
            )}
            {!n.readAt ? <MarkReadButton ids={[n.id]} label="Mark read" /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

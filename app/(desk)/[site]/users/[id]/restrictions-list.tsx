'use client';

import Link from 'next/link';
import { formatWhen } from '@/components/format-when';
import { Button } from '@/components/ui/button';
import type { ProfileRestriction } from '@/lib/services/users/load-profile';
import { unbanUserInThread, unmuteUserInThread } from '@/lib/services/threads/actions';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { UntrustedText } from '@/components/ui/untrusted-text';

const SOURCE: Record<ProfileRestriction['source'], string> = {
  site: 'listed by the site',
  desk: 'recorded by BM Desk',
  both: 'listed by the site, recorded by BM Desk',
};

/** Bans and mutes in force, thread by thread, each with its end and a way to lift it. */
export function RestrictionsList({
  siteId,
  slug,
  bmUserId,
  restrictions,
  canModerate,
}: {
  siteId: number;
  slug: string;
  bmUserId: number;
  restrictions: ProfileRestriction[];
  canModerate: boolean;
}) {
  const { run, pending, message } = useSiteAction();
  if (restrictions.length === 0) return <p className="text-sm text-muted">No ban or mute in force.</p>;
  return (
    <>
      <ul className="divide-y divide-border/60 text-sm" data-testid="restrictions">
        {restrictions.map((r) => (
          <li key={`${r.kind}:${r.threadId}`} className="flex flex-wrap items-center gap-2 py-1.5">
            <span className={r.kind === 'ban' ? 'font-medium text-danger' : 'font-medium text-warn'}>
              {r.kind === 'ban' ? 'Banned' : 'Muted'}
            </span>
            <Link href={`/${slug}/threads/${r.threadId}`} className="hover:underline">
              <UntrustedText text={r.subject?.trim() || `Thread #${r.threadId}`} />
            </Link>
            <span className="text-xs text-muted">until {formatWhen(r.until)}</span>
            <span className="text-xs text-muted">
              ({SOURCE[r.source]}
              {r.by ? `, by ${r.by}` : ''})
            </span>
            {r.reason ? (
              <span className="text-xs">
                “<UntrustedText text={r.reason} />”
              </span>
            ) : null}
            {canModerate ? (
              <Button
                variant="ghost"
                className="ml-auto"
                disabled={pending}
                onClick={() =>
                  run(
                    () =>
                      (r.kind === 'ban' ? unbanUserInThread : unmuteUserInThread)({
                        siteId,
                        threadId: r.threadId,
                        bmUserId,
                      }),
                    r.kind === 'ban' ? 'Ban lifted.' : 'Mute lifted.',
                  )
                }
              >
                {r.kind === 'ban' ? 'Unban' : 'Unmute'}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <ActionMessage message={message} />
    </>
  );
}

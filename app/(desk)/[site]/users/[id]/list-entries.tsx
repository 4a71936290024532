'use client';

import { formatWhen } from '@/components/format-when';
import { Button } from '@/components/ui/button';
import type { ListEntry } from '@/lib/services/users/load-profile';
import { ActionMessage, useSiteAction } from '@/components/ui/use-site-action';
import { removeSiteUserListEntry } from '../actions';

/** The site's global white/blacklist entries for the person. */
export function ListEntries({
  siteId,
  bmUserId,
  entries,
  canModerate,
}: {
  siteId: number;
  bmUserId: number;
  entries: ListEntry[] | null;
  canModerate: boolean;
}) {
  const { run, pending, message } = useSiteAction();
  if (entries === null) return <p className="text-sm text-muted">The site did not give its lists.</p>;
  if (entries.length === 0) {
    return <p className="text-sm text-muted">Neither trusted nor distrusted site-wide.</p>;
  }
  return (
    <>
      <ul className="text-sm" data-testid="list-entries">
        {entries.map((e) => (
          <li key={e.list} className="flex items-center gap-2">
            <span className={e.list === 'whitelist' ? 'text-ok' : 'text-danger'}>
              {e.list === 'whitelist' ? 'Trusted (whitelist)' : 'Distrusted (blacklist)'}
            </span>
            <span className="text-xs text-muted">
              {e.expiration ? <>until {formatWhen(e.expiration)}</> : 'until lifted'}
            </span>
            {canModerate ? (
              <Button
                variant="ghost"
                disabled={pending}
                onClick={() =>
                  run(() => removeSiteUserListEntry({ siteId, bmUserId, list: e.list }), 'Entry removed.')
                }
              >
                Remove
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <ActionMessage message={message} />
    </>
  );
}

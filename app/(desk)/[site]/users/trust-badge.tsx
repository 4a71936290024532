import type { TrustStatus } from '@/lib/services/users/load-users';

/** Whitelisted senders skip pre-moderation; blacklisted ones are always held. */
export function TrustBadge({ status }: { status: TrustStatus | null }) {
  if (status === 'trusted') return <span className="rounded bg-ok-bg px-1.5 text-xs text-ok">Trusted</span>;
  if (status === 'distrusted') {
    return <span className="rounded bg-danger-bg px-1.5 text-xs text-danger">Distrusted</span>;
  }
  return <span className="text-xs text-muted">—</span>;
}

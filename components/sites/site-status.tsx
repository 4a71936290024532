import { plural } from '@/lib/infra/format/plural';
import type { SiteHealth } from '@/lib/services/sites/health';

const utc = (d: Date | null) =>
  d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never';

/**
 * A site's health (see lib/services/sites/health.ts), the same words wherever a site is shown, and how far
 * behind its index is while it catches up.
 */
export function SiteStatus(props: { health: SiteHealth; wpUserName: string | null; behind?: number }) {
  return (
    <>
      <Health {...props} />
      {props.behind ? (
        <p className="text-xs text-muted" data-testid="index-lag">
          Index catching up: {plural(props.behind, 'message')} behind, newest first
        </p>
      ) : null}
    </>
  );
}

function Health({ health, wpUserName }: { health: SiteHealth; wpUserName: string | null }) {
  if (health.state === 'connected') {
    return (
      <p className="mt-1 text-xs text-ok" data-testid="site-status" data-health="connected">
        Connected as {wpUserName ?? 'the stored user'} · checked {utc(health.at)}
      </p>
    );
  }
  if (health.state === 'failing') {
    return (
      <p className="mt-1 text-xs text-danger" data-testid="site-status" data-health="failing">
        Connection failing: {health.reason} ·{' '}
        {health.source === 'sync'
          ? `refused to the index's sync at ${utc(health.at)}`
          : `checked ${utc(health.at)}`}
      </p>
    );
  }
  return (
    <p className="mt-1 text-xs text-muted" data-testid="site-status" data-health="unchecked">
      Not checked yet
    </p>
  );
}

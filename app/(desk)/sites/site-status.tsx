import type { Site } from '@/lib/sites/queries';

export function SiteStatus({
  site,
}: {
  site: Pick<Site, 'status' | 'statusMessage' | 'checkedAt' | 'wpUserName'>;
}) {
  const when = site.checkedAt
    ? new Date(site.checkedAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
    : 'never';
  if (site.status === 'ok') {
    return (
      <p className="mt-1 text-xs text-ok" data-testid="site-status">
        Connected as {site.wpUserName ?? 'the stored user'} · checked {when}
      </p>
    );
  }
  if (site.status === 'error') {
    return (
      <p className="mt-1 text-xs text-danger" data-testid="site-status">
        Connection failing: {site.statusMessage} · checked {when}
      </p>
    );
  }
  return (
    <p className="mt-1 text-xs text-muted" data-testid="site-status">
      Not checked yet
    </p>
  );
}

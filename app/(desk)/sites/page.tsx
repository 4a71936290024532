import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/field';
import { memberWith } from '@/lib/infra/auth/require';
import { getCatchUpLags } from '@/lib/services/site-index/progress';
import { listSites } from '@/lib/services/sites/queries';
import { getSiteHealths, siteHealthOf } from '@/lib/services/sites/site-health';
import { ModuleList } from '@/components/sites/module-list';
import { SiteRowActions } from './site-row-actions';
import { SiteStatus } from '@/components/sites/site-status';

export const metadata: Metadata = { title: 'Sites' };

export default async function SitesPage() {
  await memberWith('sites.manage', 'the sites page');
  const [sites, healths, lags] = await Promise.all([listSites(), getSiteHealths(), getCatchUpLags()]);
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">Sites</h1>
        <Link href="/sites/new" className={buttonClass('primary')}>
          Connect a site
        </Link>
      </div>
      {sites.length === 0 ? (
        <Card className="p-6 text-sm text-muted">No site yet. Connect one to start moderating.</Card>
      ) : (
        <ul className="space-y-3">
          {sites.map((site) => (
            <li key={site.id}>
              <Card className="p-4" data-testid={`site-${site.slug}`}>
                <div className="flex items-start justify-between gap-4">
                  <div className="min-w-0">
                    <Link href={`/${site.slug}`} className="font-medium hover:underline">
                      {site.name}
                    </Link>
                    <p className="truncate text-xs text-muted">
                      {site.url} · as {site.username}
                    </p>
                    <SiteStatus
                      health={siteHealthOf(healths, site.id)}
                      wpUserName={site.wpUserName}
                      behind={lags.get(site.id) ?? 0}
                    />
                    {site.modules ? <ModuleList modules={site.modules} /> : null}
                  </div>
                  <SiteRowActions siteId={site.id} name={site.name} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

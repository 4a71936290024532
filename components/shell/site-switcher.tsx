'use client';

import { useParams, useRouter } from 'next/navigation';
import type { SiteHealthState } from '@/lib/services/sites/health';

export function SiteSwitcher({
  sites,
}: {
  sites: { slug: string; name: string; health: SiteHealthState }[];
}) {
  const router = useRouter();
  const params = useParams<{ site?: string }>();
  const current = sites.some((s) => s.slug === params.site) ? params.site : '';
  if (sites.length === 0) return <p className="px-2 text-xs text-muted">No site connected yet.</p>;
  return (
    <label className="block px-2">
      <span className="mb-1 block text-[11px] font-medium tracking-wide text-muted uppercase">Site</span>
      <select
        aria-label="Site"
        value={current}
        onChange={(e) => e.target.value && router.push(`/${e.target.value}`)}
        className="h-8 w-full rounded-md border border-border bg-surface px-2 text-sm"
      >
        {current === '' ? <option value="">Choose a site…</option> : null}
        {sites.map((s) => (
          <option key={s.slug} value={s.slug}>
            {s.name}
            {s.health === 'failing' ? ' (connection failing)' : ''}
          </option>
        ))}
      </select>
      {sites.find((s) => s.slug === current)?.health === 'failing' ? (
        <span className="mt-1 block text-xs text-danger" data-testid="sidebar-site-health">
          Connection failing
        </span>
      ) : null}
    </label>
  );
}

'use client';

import { useParams } from 'next/navigation';
import { NavLink } from './nav-link';

/** The desk's pages for the site in the URL; shown only while a site is open. */
export function SiteNav({ slugs }: { slugs: string[] }) {
  const { site } = useParams<{ site?: string }>();
  if (!site || !slugs.includes(site)) return null;
  return (
    <nav aria-label="Site" className="space-y-0.5 px-2">
      <NavLink href={`/${site}`} exact>
        Overview
      </NavLink>
      <NavLink href={`/${site}/threads`}>Threads</NavLink>
      <NavLink href={`/${site}/audit`}>Site audit log</NavLink>
    </nav>
  );
}

'use client';

import { useParams } from 'next/navigation';
import { NavLink } from './nav-link';
import { plural } from '@/lib/infra/format/plural';

export type QueueCounts = Record<string, { reports: number; pending: number }>;

function Count({ n, tone, one, label }: { n: number; tone: string; one: string; label: string }) {
  if (n === 0) return null;
  return (
    <span
      className={`ml-auto rounded px-1.5 text-xs ${tone}`}
      aria-label={plural(n, one, label)}
      data-testid={`count-${label}`}
    >
      {n > 999 ? '999+' : n}
    </span>
  );
}

/** The desk's pages for the site in the URL; shown only while a site is open. */
export function SiteNav({
  counts,
  alerts,
}: {
  counts: QueueCounts;
  /** The member may set the site's alerts (the page is refused to the others). */
  alerts: boolean;
}) {
  const { site } = useParams<{ site?: string }>();
  if (!site || !counts[site]) return null;
  const c = counts[site];
  return (
    <nav aria-label="Site" className="space-y-0.5 px-2">
      <NavLink href={`/${site}`} exact>
        Overview
      </NavLink>
      <NavLink href={`/${site}/inbox`}>Inbox</NavLink>
      <NavLink href={`/${site}/threads`}>Threads</NavLink>
      <NavLink href={`/${site}/messages`}>Messages</NavLink>
      <NavLink href={`/${site}/reports`}>
        Reports <Count n={c.reports} tone="bg-danger-bg text-danger" one="open report" label="open reports" />
      </NavLink>
      <NavLink href={`/${site}/pending`}>
        Pending{' '}
        <Count n={c.pending} tone="bg-warn-bg text-warn" one="pending message" label="pending messages" />
      </NavLink>
      <NavLink href={`/${site}/review`}>Rule review</NavLink>
      <NavLink href={`/${site}/attachments`}>Attachments</NavLink>
      <NavLink href={`/${site}/users`}>Users</NavLink>
      <NavLink href={`/${site}/standing`}>Standing decisions</NavLink>
      <NavLink href={`/${site}/rules`}>Rules</NavLink>
      <NavLink href={`/${site}/notices`}>Reasons and notices</NavLink>
      {alerts ? <NavLink href={`/${site}/alerts`}>Alerts</NavLink> : null}
      <NavLink href={`/${site}/settings`}>Plugin settings</NavLink>
      <NavLink href={`/${site}/audit`}>Site audit log</NavLink>
      <NavLink href={`/${site}/transparency`}>Transparency report</NavLink>
    </nav>
  );
}

'use client';

import { useParams } from 'next/navigation';
import { NotFoundNotice } from './not-found-notice';

/*
 * A segment's not-found.tsx gets no props, so what is missing is read back from the address
 * (useParams) here, in the browser's half; the server half passes the sites' names.
 */

type Params = Record<string, string | string[] | undefined>;

function param(params: Params, name: string): string {
  const raw = params[name];
  const value = Array.isArray(raw) ? raw.join('/') : (raw ?? '');
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `#42` for a number, the text itself (cut short) in quotes for anything else. */
function reference(value: string): string {
  if (/^-?\d{1,20}$/.test(value)) return `#${value}`;
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

const THINGS = {
  thread: { label: 'Thread', param: 'id', list: 'threads', back: 'Back to threads' },
  user: { label: 'User', param: 'id', list: 'users', back: 'Back to users' },
  conversation: { label: 'Conversation', param: 'threadId', list: 'inbox', back: 'Back to the inbox' },
} as const;

export type SiteName = { slug: string; name: string };

/**
 * Under `/[site]/…`: the site when the slug names none, else the thing (a thread, a user, a
 * conversation) on that site; with no thing, whatever the page was on that site.
 */
export function MissingOnSite({ sites, thing }: { sites: SiteName[]; thing?: keyof typeof THINGS }) {
  const params = useParams<Params>();
  const slug = param(params, 'site');
  const site = sites.find((s) => s.slug === slug);
  if (!site) {
    return (
      <NotFoundNotice
        title={`There is no site ${reference(slug)} in BM Desk`}
        back={{ href: '/', label: 'Back to the desk' }}
      />
    );
  }
  if (!thing) {
    return (
      <NotFoundNotice
        title={`This page was not found on ${site.name}`}
        back={{ href: `/${site.slug}`, label: `Back to ${site.name}` }}
      />
    );
  }
  const t = THINGS[thing];
  return (
    <NotFoundNotice
      title={`${t.label} ${reference(param(params, t.param))} was not found on ${site.name}`}
      back={{ href: `/${site.slug}/${t.list}`, label: t.back }}
    />
  );
}

/** A connected site named by its id (`/sites/[id]/edit`). */
export function MissingSite() {
  const id = param(useParams<Params>(), 'id');
  return (
    <NotFoundNotice
      title={`Site ${reference(id)} was not found`}
      back={{ href: '/sites', label: 'Back to sites' }}
    />
  );
}

import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getSiteBySlug } from './queries';

/** The site named by the URL's [site] segment, or the not-found page. */
export const siteFromParams = cache(async (slug: string) => {
  const site = await getSiteBySlug(slug);
  if (!site) notFound();
  return site;
});

import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';

/**
 * The sites as pages show them. Apart from queries.ts, which seals and unseals passwords, so a
 * page that only lists sites does not pull the secrets in with it.
 */

/** Everything about a site a page may show. The sealed password is never selected here. */
const publicColumns = {
  id: sites.id,
  slug: sites.slug,
  name: sites.name,
  url: sites.url,
  username: sites.username,
  restMode: sites.restMode,
  modules: sites.modules,
  wpUserName: sites.wpUserName,
  status: sites.status,
  statusReason: sites.statusReason,
  statusMessage: sites.statusMessage,
  checkedAt: sites.checkedAt,
  createdAt: sites.createdAt,
};

export type Site = Awaited<ReturnType<typeof listSites>>[number];

export async function listSites() {
  const db = await getDb();
  return db.select(publicColumns).from(sites).orderBy(asc(sites.name), asc(sites.id));
}

export async function getSiteBySlug(slug: string): Promise<Site | null> {
  // Slugs are made by uniqueSlug; anything else in the URL (a NUL PostgreSQL would refuse) names no site.
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  const db = await getDb();
  const [row] = await db.select(publicColumns).from(sites).where(eq(sites.slug, slug));
  return row ?? null;
}

export async function getSiteById(id: number): Promise<Site | null> {
  const db = await getDb();
  const [row] = await db.select(publicColumns).from(sites).where(eq(sites.id, id));
  return row ?? null;
}

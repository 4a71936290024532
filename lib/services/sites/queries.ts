import 'server-only';
import { eq, ne, and } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import type { SiteModules } from '@/lib/infra/better-messages/site-modules';
import { sites } from '@/lib/infra/db/schema';
import { isLegacySeal, rebindLegacySeal, seal, type SealBinding } from '@/lib/infra/secrets/seal';

// The page reads live apart (site-list.ts) so listing sites never pulls the sealing code in.
export { getSiteById, getSiteBySlug, listSites, type Site } from './site-list';

/** A site's application password is sealed to the origin it was entered for. */
export function siteBinding(url: string): SealBinding {
  return { purpose: 'site-application-password', origin: url };
}

/** True when two site addresses share scheme, host and port (so a stored password may follow). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * Once, at start: passwords sealed before they were bound to their origin are re-sealed bound to
 * the address their row has now. Afterwards no unbound value is ever accepted.
 */
export async function rebindLegacySitePasswords(): Promise<number> {
  const db = await getDb();
  const rows = await db.select({ id: sites.id, url: sites.url, sealed: sites.sealedPassword }).from(sites);
  let rebound = 0;
  for (const row of rows) {
    if (!isLegacySeal(row.sealed)) continue;
    const next = rebindLegacySeal(row.sealed, siteBinding(row.url));
    await db
      .update(sites)
      .set({ sealedPassword: next })
      .where(and(eq(sites.id, row.id), eq(sites.sealedPassword, row.sealed)));
    rebound++;
  }
  return rebound;
}

const RESERVED_SLUGS = new Set([
  'sites',
  'audit',
  'team',
  'setup',
  'signin',
  'api',
  'account',
  'new',
  'inbox',
  'notifications',
]);

export async function uniqueSlug(name: string, exceptId?: number): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'site';
  const db = await getDb();
  for (let n = 1; ; n++) {
    const slug = n === 1 && !RESERVED_SLUGS.has(base) ? base : `${base}-${n}`;
    const taken = await db
      .select({ id: sites.id })
      .from(sites)
      .where(
        exceptId === undefined ? eq(sites.slug, slug) : and(eq(sites.slug, slug), ne(sites.id, exceptId)),
      );
    if (taken.length === 0) return slug;
  }
}

export type ProbeSummary = {
  status: 'ok' | 'error';
  reason: string | null;
  message: string | null;
  restMode?: 'pretty' | 'query';
  modules?: SiteModules;
  wpUserName?: string;
  utcOffsetMinutes?: number;
};

export async function insertSite(input: {
  name: string;
  url: string;
  username: string;
  appPassword: string;
  probe: ProbeSummary;
}) {
  const db = await getDb();
  const slug = await uniqueSlug(input.name);
  const [row] = await db
    .insert(sites)
    .values({
      slug,
      name: input.name,
      url: input.url,
      username: input.username,
      sealedPassword: seal(input.appPassword, siteBinding(input.url)),
      ...probeColumns(input.probe),
    })
    .returning({ id: sites.id, slug: sites.slug });
  return row!;
}

export async function updateSite(
  id: number,
  input: { name: string; url: string; username: string; appPassword?: string; probe: ProbeSummary },
) {
  const db = await getDb();
  if (!input.appPassword) {
    const [current] = await db.select({ url: sites.url }).from(sites).where(eq(sites.id, id));
    // The stored password is sealed to its origin: a new origin without a new password would
    // leave a row nobody can use (and must never be how a password reaches another server).
    if (current && !sameOrigin(current.url, input.url)) {
      throw new Error('a site moved to another origin needs its application password again');
    }
  }
  const [row] = await db
    .update(sites)
    .set({
      name: input.name,
      url: input.url,
      username: input.username,
      ...(input.appPassword ? { sealedPassword: seal(input.appPassword, siteBinding(input.url)) } : {}),
      ...probeColumns(input.probe),
      updatedAt: new Date(),
    })
    .where(eq(sites.id, id))
    .returning({ id: sites.id, slug: sites.slug });
  return row ?? null;
}

export async function saveProbe(id: number, probe: ProbeSummary) {
  const db = await getDb();
  await db.update(sites).set(probeColumns(probe)).where(eq(sites.id, id));
}

export async function deleteSite(id: number) {
  const db = await getDb();
  const [row] = await db.delete(sites).where(eq(sites.id, id)).returning({ id: sites.id });
  return Boolean(row);
}

function probeColumns(p: ProbeSummary) {
  return {
    status: p.status,
    statusReason: p.reason,
    statusMessage: p.message,
    checkedAt: new Date(),
    ...(p.status === 'ok'
      ? {
          restMode: p.restMode ?? null,
          modules: p.modules ?? null,
          wpUserName: p.wpUserName ?? null,
          utcOffsetMinutes: p.utcOffsetMinutes ?? null,
        }
      : {}),
  };
}

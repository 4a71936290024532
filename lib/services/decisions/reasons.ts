/** A site's reasons: the list every decision picks from. A site starts with DEFAULT_REASONS. */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { DEFAULT_REASONS } from './constants';
import { moderationReasons as r } from './schema';

export type Reason = typeof r.$inferSelect;

/** Writes the default reasons once, the first time a site's reasons are read. */
async function ensureDefaults(siteId: number): Promise<void> {
  const db = await getDb();
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(r)
    .where(eq(r.siteId, siteId));
  if (n > 0) return;
  await db
    .insert(r)
    .values(DEFAULT_REASONS.map((d, position) => ({ ...d, siteId, position })))
    .onConflictDoNothing();
}

/** Offered reasons in the admins' order (archived ones too when asked, for the reasons page). */
export async function listReasons(
  siteId: number,
  opts: { includeArchived?: boolean } = {},
): Promise<Reason[]> {
  await ensureDefaults(siteId);
  const db = await getDb();
  return db
    .select()
    .from(r)
    .where(opts.includeArchived ? eq(r.siteId, siteId) : and(eq(r.siteId, siteId), isNull(r.archivedAt)))
    .orderBy(asc(r.position), asc(r.id));
}

export async function getReason(siteId: number, id: number): Promise<Reason | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(r)
    .where(and(eq(r.siteId, siteId), eq(r.id, id)));
  return row ?? null;
}

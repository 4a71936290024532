/** A rule's action names one of the site's reasons by its code (stable across the reason's edits). */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { moderationReasons } from '@/lib/services/decisions/schema';

/** The offered reason of that code on the site; null when there is none (deleted, archived, never). */
export async function reasonIdByCode(siteId: number, code: string): Promise<number | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: moderationReasons.id })
    .from(moderationReasons)
    .where(
      and(
        eq(moderationReasons.siteId, siteId),
        sql`lower(${moderationReasons.code}) = ${code.toLowerCase()}`,
        isNull(moderationReasons.archivedAt),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

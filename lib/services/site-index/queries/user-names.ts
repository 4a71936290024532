/** Names for the ids a page shows (participants, senders), in one query. */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { indexUsers as u } from '../schema';

export type UserName = { id: number; name: string; isGuest: boolean; avatar: string | null };

export async function getUserNames(siteId: number, ids: Iterable<number>): Promise<Map<number, UserName>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const db = await getDb();
  const rows = await db
    .select({ id: u.id, name: u.name, isGuest: u.isGuest, avatar: u.avatar })
    .from(u)
    .where(and(eq(u.siteId, siteId), inArray(u.id, wanted)));
  return new Map(rows.map((r) => [r.id, r]));
}

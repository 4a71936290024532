/** Reports the index holds for given messages: the thread route does not carry them. */
import 'server-only';
import { and, eq, gt, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { indexMessages as m, type IndexedReport } from '../schema';

export async function getReportsForMessages(
  siteId: number,
  ids: readonly number[],
): Promise<Map<number, IndexedReport[]>> {
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db
    .select({ id: m.id, reports: m.reports })
    .from(m)
    .where(and(eq(m.siteId, siteId), inArray(m.id, [...ids]), gt(m.reportCount, 0)));
  return new Map(rows.map((r) => [r.id, r.reports]));
}

/** Reads what `siteHealth` needs for every connected site: the sites' checks and their syncs. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { syncState } from '@/lib/services/site-index/schema';
import { siteHealth, type SiteHealth } from './health';

export async function getSiteHealths(onlySiteId?: number): Promise<Map<number, SiteHealth>> {
  const db = await getDb();
  const rows = await db
    .select({
      id: sites.id,
      status: sites.status,
      statusMessage: sites.statusMessage,
      checkedAt: sites.checkedAt,
      syncStatus: syncState.status,
      lastErrorKind: syncState.lastErrorKind,
      lastError: syncState.lastError,
      lastErrorAt: syncState.lastErrorAt,
    })
    .from(sites)
    .leftJoin(syncState, eq(syncState.siteId, sites.id))
    .where(onlySiteId === undefined ? undefined : eq(sites.id, onlySiteId));
  return new Map(
    rows.map((r) => [
      r.id,
      siteHealth(
        { status: r.status, statusMessage: r.statusMessage, checkedAt: r.checkedAt },
        r.syncStatus
          ? {
              status: r.syncStatus,
              lastErrorKind: r.lastErrorKind,
              lastError: r.lastError,
              lastErrorAt: r.lastErrorAt,
            }
          : null,
      ),
    ]),
  );
}

const UNCHECKED: SiteHealth = { state: 'unchecked', reason: null, source: null, at: null };

export function siteHealthOf(healths: Map<number, SiteHealth>, siteId: number): SiteHealth {
  return healths.get(siteId) ?? UNCHECKED;
}

export async function getSiteHealth(siteId: number): Promise<SiteHealth> {
  return siteHealthOf(await getSiteHealths(siteId), siteId);
}

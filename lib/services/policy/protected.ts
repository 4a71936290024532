/**
 * Protected accounts: people no standing decision and no rule may touch, and whom a manual ban,
 * mute or "delete all messages" reaches only with an explicit override. Protected are the
 * site's administrators (WordPress administrators and the roles the plugin lets administrate
 * messages), its support accounts, the connected account itself, and whoever an admin marked
 * protected in BM Desk.
 *
 * Who administrates the site is read from the site (core's users list by role, and the plugin's
 * `administrationRoles` setting) and kept a minute per site; the rest is BM Desk's own database,
 * read on every call.
 */
import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getSettings, wpUserIdsWithRoles, type BmClient } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { jsonValue, rowsOf } from '@/lib/infra/db/rows';
import { members } from '@/lib/infra/db/schema';
import { openSite } from '@/lib/services/sites/open-site';
import { supportAccounts } from '@/lib/services/triage/schema';
import { protectedAccounts } from './schema';

export interface ProtectedSet {
  /** Why this person is protected, in words ("a site administrator"), or null when they are not. */
  reasonFor(bmUserId: number): string | null;
}

/** How long what the site said about its administrators is trusted (and, for rules, used while read again). */
const SITE_TTL_MS = 60_000;
const STALE_MAX_MS = 10 * 60_000;
/** Administrators read per site at most (pages of 100). */
const MAX_ADMIN_PAGES = 10;

type SiteAdmins = { connectedId: number; adminIds: Set<number>; readAt: number };

const siteCache = new Map<number, SiteAdmins>();
const inFlight = new Map<number, Promise<SiteAdmins>>();

const meSchema = z.looseObject({ id: z.number() });

async function readSiteAdmins(client: BmClient): Promise<SiteAdmins> {
  const me = await client.request({ method: 'GET', route: '/wp/v2/users/me', schema: meSchema });
  let roles = ['administrator'];
  try {
    const bundle = await getSettings(client);
    const extra = (bundle.settings as Record<string, unknown>).administrationRoles;
    if (Array.isArray(extra)) roles = [...new Set([...roles, ...extra.filter((r) => typeof r === 'string')])];
  } catch {
    // Without the settings, WordPress administrators alone.
  }
  const adminIds = await wpUserIdsWithRoles(client, roles, MAX_ADMIN_PAGES);
  adminIds.add(me.id);
  return { connectedId: me.id, adminIds, readAt: Date.now() };
}

async function siteAdmins(siteId: number, client?: BmClient, stale = false): Promise<SiteAdmins> {
  const cached = siteCache.get(siteId);
  const age = cached ? Date.now() - cached.readAt : Infinity;
  if (cached && age < SITE_TTL_MS) return cached;
  const pending = readAgain(siteId, cached, client);
  // For the rules pass, past its time but not long past: answered at once and read again
  // meanwhile, so a pass does not wait for the site every minute. A member's action waits.
  if (stale && cached && age < STALE_MAX_MS) {
    pending.catch(() => undefined);
    return cached;
  }
  return pending;
}

function readAgain(siteId: number, cached: SiteAdmins | undefined, client?: BmClient): Promise<SiteAdmins> {
  let pending = inFlight.get(siteId);
  if (!pending) {
    pending = (async () => readSiteAdmins(client ?? (await openSite(siteId)).client))()
      .then((read) => (siteCache.set(siteId, read), read))
      .catch((err: unknown) => {
        // A site that cannot answer now: what it said last still stands.
        if (cached) return cached;
        throw err;
      })
      .finally(() => inFlight.delete(siteId));
    inFlight.set(siteId, pending);
  }
  return pending;
}

/** Forgets what the site said (tests; after the site's account changes). */
export function forgetSiteAdmins(siteId?: number): void {
  if (siteId === undefined) siteCache.clear();
  else siteCache.delete(siteId);
}

/**
 * The site's support accounts (no reason) and the people marked protected (a reason), as one
 * JSON value of [bmUserId, reason] pairs: a scalar sub-select that a caller's own statement can
 * carry (the rules pass reads it with its rules), or loadProtected runs alone.
 */
export function protectedAccountsValue(siteId: number): SQL {
  return sql`(SELECT coalesce(json_agg(json_build_array(p.id, p.reason)), '[]'::json) FROM (
    SELECT ${supportAccounts.bmUserId} AS id, NULL::text AS reason FROM ${supportAccounts}
      WHERE ${supportAccounts.siteId} = ${siteId}
    UNION ALL
    SELECT ${protectedAccounts.bmUserId}, ${protectedAccounts.reason} FROM ${protectedAccounts}
      WHERE ${protectedAccounts.siteId} = ${siteId}) p)`;
}

type AccountPairs = [number | string, string | null][];

/**
 * Everyone protected on the site. Throws when the site cannot say who administrates it and
 * never said so before: better no decision than one on an administrator. `accounts`: the value
 * of protectedAccountsValue as the caller's statement just read it (else read here).
 */
export async function loadProtected(
  siteId: number,
  options: {
    client?: BmClient;
    /** The rules pass: the site's last answer up to ten minutes old, while it is read again. */
    stale?: boolean;
    accounts?: unknown;
  } = {},
): Promise<ProtectedSet> {
  const readAccounts = async () => {
    const db = await getDb();
    const [row] = rowsOf<{ accounts: unknown }>(
      await db.execute(sql`SELECT ${protectedAccountsValue(siteId)} AS accounts`),
    );
    return row?.accounts;
  };
  const [admins, value] = await Promise.all([
    siteAdmins(siteId, options.client, options.stale),
    options.accounts !== undefined && options.accounts !== null ? options.accounts : readAccounts(),
  ]);
  const pairs = jsonValue<AccountPairs | null>(value) ?? [];
  const supportIds = new Set<number>();
  const markedReasons = new Map<number, string>();
  for (const [id, reason] of pairs) {
    if (reason === null) supportIds.add(Number(id));
    else markedReasons.set(Number(id), reason);
  }
  return {
    reasonFor(bmUserId) {
      if (bmUserId === admins.connectedId) return 'the connected account';
      if (admins.adminIds.has(bmUserId)) return 'a site administrator';
      if (supportIds.has(bmUserId)) return 'a support account';
      const reason = markedReasons.get(bmUserId);
      if (reason !== undefined)
        return reason.trim() ? `marked protected: ${reason.trim()}` : 'marked protected';
      return null;
    },
  };
}

export type ProtectedAccountRow = {
  bmUserId: number;
  reason: string;
  markedBy: string | null;
  createdAt: Date;
};

/** The people an admin marked protected on the site, oldest first. */
export async function listMarkedProtected(siteId: number): Promise<ProtectedAccountRow[]> {
  const db = await getDb();
  return db
    .select({
      bmUserId: protectedAccounts.bmUserId,
      reason: protectedAccounts.reason,
      markedBy: members.email,
      createdAt: protectedAccounts.createdAt,
    })
    .from(protectedAccounts)
    .leftJoin(members, eq(members.id, protectedAccounts.markedBy))
    .where(eq(protectedAccounts.siteId, siteId))
    .orderBy(asc(protectedAccounts.createdAt));
}

/** Marks (or re-marks with a new reason) a person protected on the site. */
export async function markProtected(
  siteId: number,
  bmUserId: number,
  reason: string,
  memberId: number | null,
): Promise<void> {
  const db = await getDb();
  await db
    .insert(protectedAccounts)
    .values({ siteId, bmUserId, reason, markedBy: memberId })
    .onConflictDoUpdate({
      target: [protectedAccounts.siteId, protectedAccounts.bmUserId],
      set: { reason, markedBy: memberId },
    });
}

/** Answers whether the person was marked (and now is not). */
export async function unmarkProtected(siteId: number, bmUserId: number): Promise<boolean> {
  const db = await getDb();
  const gone = await db
    .delete(protectedAccounts)
    .where(and(eq(protectedAccounts.siteId, siteId), eq(protectedAccounts.bmUserId, bmUserId)))
    .returning({ bmUserId: protectedAccounts.bmUserId });
  return gone.length > 0;
}

/**
 * For a person's page: why they are protected (null: not, or the site cannot say now) and the
 * reason they were marked protected in BM Desk (null: not marked).
 */
export async function protectionOf(
  siteId: number,
  bmUserId: number,
): Promise<{ reason: string | null; marked: string | null }> {
  const db = await getDb();
  const [row] = await db
    .select({ reason: protectedAccounts.reason })
    .from(protectedAccounts)
    .where(and(eq(protectedAccounts.siteId, siteId), eq(protectedAccounts.bmUserId, bmUserId)));
  const reason = await loadProtected(siteId)
    .then((p) => p.reasonFor(bmUserId))
    .catch(() => null);
  return { reason, marked: row ? row.reason : null };
}

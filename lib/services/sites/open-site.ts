/**
 * Opening a connected site: its row read once (address, account, sealed password, stored rest
 * mode, UTC offset, concurrency), the password unsealed once, and every client made from the
 * opening sharing this process's limiter for the site and what any of them learns about the
 * rest mode. Inside a server action the opening is shared by everything the action calls.
 * Server-only: the password stays in this closure, never on the returned object.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import {
  createBmClient,
  normaliseSiteUrl,
  type BmClient,
  type BmClientOptions,
  type RestMode,
} from '@/lib/infra/better-messages';
import { fetchSiteFile, type SiteFile } from '@/lib/infra/better-messages/files';
import { oncePerAction } from '@/lib/infra/actions/action-scope';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { unseal } from '@/lib/infra/secrets/seal';
import { syncState } from '@/lib/services/site-index/schema';
import { sameOrigin, siteBinding } from './queries';
import { DEFAULT_SITE_CONCURRENCY, limitedClient, limiterFor, type SiteLimiter } from './site-limiter';

export type SiteClientOptions = Pick<BmClientOptions, 'timeoutMs' | 'maxRetries'> & {
  /** Default true. False for a caller that places the limiter itself (the sync meters inside it). */
  limited?: boolean;
};

export interface OpenedSite {
  readonly id: number;
  /** The stored address: the only origin the stored password is ever sent to. */
  readonly url: string;
  readonly username: string;
  /** As best known now: stored, or learned since by a client of this opening. */
  readonly restMode: RestMode | undefined;
  readonly utcOffsetMinutes: number | undefined;
  /** This process's slots for the site, shared with the sync and every job. */
  readonly limiter: SiteLimiter;
  /** The site's admin client (default timeouts and retries), through the limiter. */
  readonly client: BmClient;
  /** The admin client with other timeouts or retries. */
  clientWith(options: SiteClientOptions): BmClient;
  /** Another WordPress account of this site (a support account): its own password, the site's address and mode. */
  clientAs(account: { username: string; appPassword: string }, options?: SiteClientOptions): BmClient;
  /**
   * The stored password tried with the values of the edit form: only while the address keeps the
   * stored origin. Null for any other origin, and nothing is sent anywhere.
   */
  clientAt(edit: { siteUrl: string; username: string }, options?: SiteClientOptions): BmClient | null;
  /** One of the site's files, fetched with its credentials under the file fetcher's guards. */
  fetchFile(url: string, limits?: { maxBytes?: number; timeoutMs?: number }): Promise<SiteFile>;
}

/** A site opened already, or the id of one to open. */
export type SiteRef = OpenedSite | number;

/** The connected site, opened; refuses when it is no longer connected. */
export async function openSite(siteId: number): Promise<OpenedSite> {
  const site = await findOpenSite(siteId);
  if (!site) throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  return site;
}

/** The connected site, opened, or null when there is no such site. */
export function findOpenSite(siteId: number): Promise<OpenedSite | null> {
  return oncePerAction(`open-site:${siteId}`, () => open(siteId));
}

/** The site a caller was handed, opening it when it was given by id. */
export function siteOf(ref: SiteRef): Promise<OpenedSite> {
  return typeof ref === 'number' ? openSite(ref) : Promise.resolve(ref);
}

async function open(siteId: number): Promise<OpenedSite | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      url: sites.url,
      username: sites.username,
      sealedPassword: sites.sealedPassword,
      restMode: sites.restMode,
      utcOffsetMinutes: sites.utcOffsetMinutes,
      concurrency: syncState.concurrency,
    })
    .from(sites)
    .leftJoin(syncState, eq(syncState.siteId, sites.id))
    .where(eq(sites.id, siteId));
  if (!row) return null;
  const appPassword = unseal(row.sealedPassword, siteBinding(row.url));
  const limiter = limiterFor(siteId, Math.max(1, row.concurrency ?? DEFAULT_SITE_CONCURRENCY));
  const root = normaliseSiteUrl(row.url).root;
  let stored: RestMode | undefined = row.restMode ?? undefined;
  let known = stored;

  async function remember(mode: RestMode) {
    known = mode;
    if (mode === stored) return;
    stored = mode;
    // Only while the row still has the address the mode was learned at.
    await db
      .update(sites)
      .set({ restMode: mode })
      .where(and(eq(sites.id, siteId), eq(sites.url, row!.url)))
      .catch((err: Error) => console.error(`[sites] rest mode of site ${siteId} not stored: ${err.message}`));
  }

  function make(
    account: { siteUrl: string; username: string; appPassword: string },
    options: SiteClientOptions,
  ): BmClient {
    // What is known about the stored address says nothing about another path on its origin.
    const here = normaliseSiteUrl(account.siteUrl).root === root;
    const client = createBmClient({
      ...account,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      restMode: here ? known : undefined,
      onRestMode: here ? remember : undefined,
      siteUtcOffsetMinutes: row!.utcOffsetMinutes ?? undefined,
    });
    return options.limited === false ? client : limitedClient(client, limiter);
  }

  const admin = { siteUrl: row.url, username: row.username, appPassword };
  return {
    id: siteId,
    url: row.url,
    username: row.username,
    get restMode() {
      return known;
    },
    utcOffsetMinutes: row.utcOffsetMinutes ?? undefined,
    limiter,
    client: make(admin, {}),
    clientWith: (options) => make(admin, options),
    clientAs: (account, options = {}) => make({ ...account, siteUrl: row.url }, options),
    clientAt: (edit, options = {}) =>
      sameOrigin(row.url, edit.siteUrl) ? make({ ...edit, appPassword }, options) : null,
    // Files are uploads the web server sends as they are, not calls into WordPress: they take no
    // slot, or a page of thumbnails would wait behind the sync.
    fetchFile: (url, limits) => fetchSiteFile({ ...admin, ...limits }, url),
  };
}

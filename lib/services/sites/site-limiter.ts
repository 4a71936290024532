/**
 * At most N calls in flight to one site from this process, whoever makes them: two moderators
 * running "ban everywhere" at once share the site's slots instead of doubling the load on
 * someone else's server. N is the site's configured concurrency (site_index_sync_state).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { aroundCalls, type BmClient } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { syncState } from '@/lib/services/site-index/schema';

export const DEFAULT_SITE_CONCURRENCY = 2;

export class SiteLimiter {
  private waiting: (() => void)[] = [];
  inFlight = 0;
  /** Highest `inFlight` seen since creation (or the last `resetPeak`). */
  peak = 0;

  constructor(public limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.inFlight >= Math.max(1, this.limit)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  resetPeak() {
    this.peak = this.inFlight;
  }
}

const limiters = globalThis as unknown as { __bmdeskSiteLimiters?: Map<number, SiteLimiter> };

/** The site's concurrency setting, 2 until someone changes it. */
export async function getSiteConcurrency(siteId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ concurrency: syncState.concurrency })
    .from(syncState)
    .where(eq(syncState.siteId, siteId));
  return Math.max(1, row?.concurrency ?? DEFAULT_SITE_CONCURRENCY);
}

/** This process's limiter for the site, following the configured concurrency. */
export async function siteLimiter(siteId: number): Promise<SiteLimiter> {
  return limiterFor(siteId, await getSiteConcurrency(siteId));
}

/** This process's limiter for the site, set to `limit` (the concurrency just read with the site). */
export function limiterFor(siteId: number, limit: number): SiteLimiter {
  const map = (limiters.__bmdeskSiteLimiters ??= new Map());
  let limiter = map.get(siteId);
  if (!limiter) map.set(siteId, (limiter = new SiteLimiter(limit)));
  limiter.limit = limit;
  return limiter;
}

/** The same client, every request waiting for a slot of `limiter`. */
export function limitedClient(client: BmClient, limiter: SiteLimiter): BmClient {
  return aroundCalls(client, (call) => limiter.run(call));
}

/** The target site as the test files see it: one client per account, and what kind of site it is. */
import { inject } from 'vitest';
import { createBmClient, type BmClient, type BmClientOptions } from '@/lib/infra/better-messages';
import type { SiteAccount } from './site-info';

export const site = inject('contractSite');

/** The demo stand-in has a fault API; the real plugin does not. */
export const isDemo = site.controlToken !== null;

export function clientFor(account: SiteAccount, options: Partial<BmClientOptions> = {}): BmClient {
  return createBmClient({
    siteUrl: site.url,
    username: account.login,
    appPassword: account.appPassword,
    restMode: 'pretty',
    // Both sites run on this machine: a short backoff keeps retried reads from stalling the suite.
    retryBaseMs: 50,
    ...options,
  });
}

export const admin = clientFor(site.admin);
export const user2 = clientFor(site.user2);
export const user3 = clientFor(site.user3);

export const ids = {
  admin: site.admin.bmUserId,
  user2: site.user2.bmUserId,
  user3: site.user3.bmUserId,
  user4: site.user4.bmUserId,
};

/** A word no seeded or earlier message contains, so searches find only this run's messages. */
export function uniqueTag(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

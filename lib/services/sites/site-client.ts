import 'server-only';
import type { BmClient } from '@/lib/infra/better-messages';
import { openSite } from './open-site';

/** The connected site's admin client (through the site's limiter), for a caller that needs nothing else of the opening. */
export async function siteClient(siteId: number): Promise<BmClient> {
  return (await openSite(siteId)).client;
}

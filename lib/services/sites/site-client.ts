import 'server-only';
import { createBmClient, type BmClient } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getSiteCredentials } from './queries';

/** A client for one connected site, with its stored (unsealed) credentials. Server-only. */
export async function siteClient(siteId: number): Promise<BmClient> {
  const creds = await getSiteCredentials(siteId);
  if (!creds) throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  return createBmClient(creds);
}

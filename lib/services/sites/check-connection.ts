import type { BmClient } from '@/lib/infra/better-messages';
import { probeClient, probeSite } from '@/lib/infra/better-messages/probe';
import type { ProbeSummary } from './queries';

export type Credentials = { siteUrl: string; username: string; appPassword: string };

/**
 * Asks the site who we are and which plugin modules answer; never throws for a site's fault.
 * Typed credentials, or the client of a site already opened (its stored password stays inside it).
 */
export async function checkConnection(target: Credentials | BmClient): Promise<ProbeSummary> {
  const result = 'request' in target ? await probeClient(target) : await probeSite(target);
  if (!result.ok) return { status: 'error', reason: result.reason, message: result.message };
  return {
    status: 'ok',
    reason: null,
    message: null,
    restMode: result.restMode,
    modules: result.modules,
    wpUserName: result.wpUser.name,
    utcOffsetMinutes: result.utcOffsetMinutes,
  };
}

/** A site URL as we store it: scheme and host required, no credentials or fragments in it. */
export function normaliseSiteUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `https://${input.trim()}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * The door of both transparency CSV routes. A route handler is public, so it checks the session
 * and the page's permission itself, then the site and the period, refusing in words.
 */
import 'server-only';
import { getCurrentMember } from '@/lib/infra/auth/current-member';
import { can } from '@/lib/infra/auth/permissions';
import { plainResponse } from '@/lib/infra/format/csv';
import { parseSearch } from '@/lib/infra/table/search-params';
import { getSiteBySlug, type Site } from '@/lib/services/sites/queries';
import { resolvePeriod, transparencySearchParams, type ReportPeriod } from './period';

/** The page's permission: whoever may read the audit log may read what it adds up to. */
export const TRANSPARENCY_PERMISSION = 'audit.read' as const;

export async function openTransparencyExport(
  request: Request,
  slug: string,
): Promise<{ site: Site; period: ReportPeriod } | Response> {
  const member = await getCurrentMember();
  if (!member) return plainResponse('Your session has ended. Sign in again.', 401);
  if (!can(member.role, TRANSPARENCY_PERMISSION))
    return plainResponse('Your role may not read this report.', 403);
  const site = await getSiteBySlug(slug);
  if (!site) return plainResponse('There is no such site.', 404);
  const { search, ignored } = parseSearch(transparencySearchParams, new URL(request.url).searchParams);
  const result = resolvePeriod(search, ignored);
  if (!result.ok) return plainResponse(`${result.problems.join('\n')}\nNothing was exported.`, 400);
  return { site, period: result.period };
}

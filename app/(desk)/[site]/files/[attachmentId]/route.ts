import { getCurrentMember } from '@/lib/infra/auth/current-member';
import { can } from '@/lib/infra/auth/permissions';
import { fileErrorResponse } from '@/lib/services/files/safe-file-response';
import { serveSiteFile } from '@/lib/services/files/serve-file';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { parseId, parseSearch } from '@/lib/infra/table/search-params';
import { fileSearchParams } from '../search-params';

/**
 * One file sent on the site, served from BM Desk so the browser never talks to the site.
 * A route handler is public: it checks the member itself.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ site: string; attachmentId: string }> },
) {
  const member = await getCurrentMember();
  if (!member) return fileErrorResponse(401, 'Sign in first.');
  if (!can(member.role, 'desk.read')) return fileErrorResponse(403, 'Not allowed.');
  const { site: slug, attachmentId } = await params;
  const site = await getSiteBySlug(slug);
  const id = parseId(attachmentId);
  if (!site || id === undefined) return fileErrorResponse(404, 'No such file.');
  const { search } = parseSearch(fileSearchParams, new URL(request.url).searchParams);
  return serveSiteFile({
    siteId: site.id,
    attachmentId: id,
    thumb: search.thumb === true,
    download: search.download === true,
    threadId: search.thread,
  });
}

import { getCurrentMember } from '@/lib/auth/current-member';
import { can } from '@/lib/auth/permissions';
import { fileErrorResponse } from '@/lib/files/safe-file-response';
import { serveSiteFile } from '@/lib/files/serve-file';
import { getSiteBySlug } from '@/lib/sites/queries';

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
  const id = Number(attachmentId);
  if (!site || !Number.isSafeInteger(id) || id <= 0) return fileErrorResponse(404, 'No such file.');
  const q = new URL(request.url).searchParams;
  const thread = Number(q.get('thread'));
  return serveSiteFile({
    siteId: site.id,
    attachmentId: id,
    thumb: q.get('thumb') === '1',
    download: q.get('download') === '1',
    threadId: Number.isSafeInteger(thread) && thread > 0 ? thread : undefined,
  });
}

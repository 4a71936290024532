import { getCurrentMember } from '@/lib/infra/auth/current-member';
import { can } from '@/lib/infra/auth/permissions';
import { getAttachments } from '@/lib/services/site-index/queries/attachments';
import { getSiteBySlug } from '@/lib/services/sites/queries';
import { parseSearch } from '@/lib/infra/table/search-params';
import { toFileRow } from '../file-row';
import { attachmentFilter, attachmentRowsSearchParams } from '../search-params';
import { GRID_CHUNK } from '../size-ranges';

/**
 * One chunk of the grid's files, for the window the grid is scrolled to; the same URL filters as
 * the page. A route handler is public: it checks the member itself.
 */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  const member = await getCurrentMember();
  if (!member) return Response.json({ error: 'Sign in first.' }, { status: 401 });
  if (!can(member.role, 'desk.read')) return Response.json({ error: 'Not allowed.' }, { status: 403 });
  const site = await getSiteBySlug((await params).site);
  if (!site) return Response.json({ error: 'No such site.' }, { status: 404 });
  // The grid sends the page's own URL: a filter the page ignored (and named) is ignored here too.
  const { search: s } = parseSearch(attachmentRowsSearchParams, new URL(request.url).searchParams);
  const result = await getAttachments(attachmentFilter(site.id, s), {
    page: s.chunk + 1,
    perPage: GRID_CHUNK,
    sort: s.sort,
  });
  return Response.json(
    { total: result.total, rows: result.rows.map(toFileRow) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

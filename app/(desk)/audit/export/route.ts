import { auditFilter, auditSearchParams } from '@/components/audit/search-params';
import { auditCsvStream } from '@/lib/services/audit/csv';
import { getCurrentMember } from '@/lib/infra/auth/current-member';
import { can } from '@/lib/infra/auth/permissions';
import { ignoredText, parseSearch } from '@/lib/infra/table/search-params';

/** The filtered audit log as CSV, streamed. A route handler is public: it checks the member itself. */
export async function GET(request: Request) {
  const member = await getCurrentMember();
  if (!member) return new Response('Sign in first.\n', { status: 401 });
  if (!can(member.role, 'audit.read')) return new Response('Not allowed.\n', { status: 403 });
  const { search, ignored } = parseSearch(auditSearchParams, new URL(request.url).searchParams);
  // The table's export link carries only parsed filters: a refused one here was typed by hand,
  // and exporting more than was asked for would be a quiet lie.
  if (ignored.length > 0) {
    return new Response(`${ignored.map(ignoredText).join('\n')}\nNothing was exported.\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const filter = auditFilter(search);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(auditCsvStream(filter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="bm-desk-audit-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

import { auditFilter, auditSearchParams } from '@/components/audit/search-params';
import { auditCsvStream } from '@/lib/audit/csv';
import { getCurrentMember } from '@/lib/auth/current-member';
import { can } from '@/lib/auth/permissions';
import { firstValues } from '@/lib/table/search-params';

/** The filtered audit log as CSV, streamed. A route handler is public: it checks the member itself. */
export async function GET(request: Request) {
  const member = await getCurrentMember();
  if (!member) return new Response('Sign in first.\n', { status: 401 });
  if (!can(member.role, 'audit.read')) return new Response('Not allowed.\n', { status: 403 });
  const params = firstValues(Object.fromEntries(new URL(request.url).searchParams));
  const filter = auditFilter(auditSearchParams.parse(params));
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

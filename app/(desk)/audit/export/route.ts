import { auditFilter, auditSearchParams } from '@/components/audit/search-params';
import { auditCsvStream } from '@/lib/services/audit/csv';
import { openCsvExport } from '@/lib/infra/format/csv-export';
import { csvResponse } from '@/lib/infra/format/csv';

/** The filtered audit log as CSV, streamed. A route handler is public: it checks the member itself. */
export async function GET(request: Request) {
  const opened = await openCsvExport(request, auditSearchParams, 'audit.read');
  if (opened instanceof Response) return opened;
  const day = new Date().toISOString().slice(0, 10);
  return csvResponse(auditCsvStream(auditFilter(opened.search)), `bm-desk-audit-${day}.csv`);
}

import { queueCsvExport } from '@/lib/services/queues/csv';

/** Every item of the reports queue the page's filters match, as CSV (lib/services/queues/csv). */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  return queueCsvExport(request, (await params).site, 'report');
}

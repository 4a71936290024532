import { inboxCsvExport } from '@/lib/services/triage/inbox-csv';

/** The site's inbox view the page shows, every row of it, as CSV (lib/services/triage/inbox-csv). */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  return inboxCsvExport(request, (await params).site);
}

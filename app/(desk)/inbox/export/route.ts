import { inboxCsvExport } from '@/lib/services/triage/inbox-csv';

/** The all-sites inbox view the page shows, every row of it, as CSV (lib/services/triage/inbox-csv). */
export async function GET(request: Request) {
  return inboxCsvExport(request);
}

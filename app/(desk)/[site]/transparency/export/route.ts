import { csvFileName, csvResponse } from '@/lib/infra/format/csv';
import { openTransparencyExport } from '@/lib/services/transparency/export';
import { getTransparencyReport } from '@/lib/services/transparency/report';
import { reportCsv } from '@/lib/services/transparency/report-csv';

/** The transparency report of the period in the URL, as CSV (the page's numbers in long form). */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  const opened = await openTransparencyExport(request, (await params).site);
  if (opened instanceof Response) return opened;
  const { site, period } = opened;
  const report = await getTransparencyReport(site.id, period);
  return csvResponse(
    new Blob([reportCsv(site.name, period, report)]).stream(),
    csvFileName(site.slug, `transparency-${period.firstDay}-${period.lastDay}`),
  );
}

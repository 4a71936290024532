import { csvFileName, csvResponse } from '@/lib/infra/format/csv';
import { openTransparencyExport } from '@/lib/services/transparency/export';
import { statementsCsvStream } from '@/lib/services/transparency/statements';

/** The statements of reasons of the period in the URL, one row a decision, streamed a page at a time. */
export async function GET(request: Request, { params }: { params: Promise<{ site: string }> }) {
  const opened = await openTransparencyExport(request, (await params).site);
  if (opened instanceof Response) return opened;
  const { site, period } = opened;
  return csvResponse(
    await statementsCsvStream(site.id, period),
    csvFileName(site.slug, `statements-${period.firstDay}-${period.lastDay}`),
  );
}

import type { Metadata } from 'next';
import { PeriodPicker } from '@/components/transparency/period-picker';
import { ReportView } from '@/components/transparency/report-view';
import { buttonClass } from '@/components/ui/button';
import { memberWith } from '@/lib/infra/auth/require';
import { parseSearch } from '@/lib/infra/table/search-params';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { TRANSPARENCY_PERMISSION } from '@/lib/services/transparency/export';
import { periodQuery, resolvePeriod, transparencySearchParams } from '@/lib/services/transparency/period';
import { getTransparencyReport } from '@/lib/services/transparency/report';

export const metadata: Metadata = { title: 'Transparency report' };

export default async function SiteTransparency({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await memberWith(TRANSPARENCY_PERMISSION, 'the transparency report');
  const site = await siteFromParams((await params).site);
  const base = `/${site.slug}`;
  const { search, ignored } = parseSearch(transparencySearchParams, await searchParams);
  const result = resolvePeriod(search, ignored);
  const report = result.ok ? await getTransparencyReport(site.id, result.period) : null;
  const query = result.ok ? periodQuery(result.period) : '';
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Transparency report · {site.name}</h1>
        <p className="text-xs text-muted">
          Every moderation decision taken through BM Desk on this site, by people and by rules, with the
          notices sent and the appeals made. Days are UTC.
        </p>
      </div>
      <PeriodPicker
        base={`${base}/transparency`}
        preset={result.ok ? result.period.preset : null}
        firstDay={result.ok ? result.period.firstDay : search.from}
        lastDay={result.ok ? result.period.lastDay : search.to}
      />
      {!result.ok ? (
        <div
          role="alert"
          data-testid="period-problems"
          className="rounded-md border border-danger/40 bg-danger-bg px-3 py-2 text-sm text-danger"
        >
          {result.problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-sm font-semibold" data-testid="report-period">
              {result.period.label}
            </h2>
            <div className="flex gap-2">
              <a href={`${base}/transparency/export?${query}`} className={buttonClass('secondary')} download>
                Download CSV
              </a>
              <a
                href={`${base}/transparency/statements?${query}`}
                className={buttonClass('secondary')}
                download
              >
                Statements of reasons (CSV)
              </a>
            </div>
          </div>
          <ReportView report={report!} base={base} />
          <p className="text-xs text-muted">
            Decisions and strikes are counted on the day they were taken; notices on the day they were queued;
            appeals made on the day they were opened, upheld and overturned on the day they were decided. Time
            to decision runs from when an item entered its queue, so decisions taken elsewhere are not timed.
          </p>
        </>
      )}
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { requireMember } from '@/lib/infra/auth/require';
import { can } from '@/lib/infra/auth/permissions';
import { parseSearch } from '@/lib/infra/table/search-params';
import { ruleEditorHref, ruleFromSearch } from '@/lib/services/messages/make-rule';
import {
  filterFromSearch,
  impossibleFilters,
  isFiltered,
  messagesSearchParams,
} from '@/lib/services/messages/search-params';
import { getSyncProgress } from '@/lib/services/site-index/progress';
import { COUNT_BUDGET_MS, getMessagesDesk } from '@/lib/services/site-index/queries/messages-desk';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { MessagesTable } from './messages-table';
import { loadReasonPicker } from '@/lib/services/decisions/picker';

export const metadata: Metadata = { title: 'Messages' };

export default async function MessagesPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const { search: s, ignored } = parseSearch(messagesSearchParams, await searchParams);
  const [result, progress, names] = await Promise.all([
    getMessagesDesk(
      filterFromSearch(site.id, s),
      { page: s.page, perPage: s.perPage, sort: s.sort },
      COUNT_BUDGET_MS,
    ),
    getSyncProgress(site.id),
    s.sender !== undefined ? getUserNames(site.id, [s.sender]) : Promise.resolve(null),
  ]);
  const impossible = impossibleFilters(s);
  const filtered = isFiltered(s);
  const rule = filtered ? ruleFromSearch(s) : null;
  const ruleHref = rule ? ruleEditorHref(site.slug, rule) : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Messages</h1>
        {rule && can(member.role, 'policy.manage') ? (
          <div className="text-right text-xs" data-testid="make-rule">
            {ruleHref ? (
              <Link href={ruleHref} className="text-accent hover:underline" data-testid="make-rule-link">
                Make this a rule (dry run)
              </Link>
            ) : (
              <span className="text-muted">No filter here has a rule equivalent.</span>
            )}
            {rule.leftOut.length ? (
              <p className="text-muted" data-testid="make-rule-left-out">
                A rule cannot check {rule.leftOut.join('; ')}: left out.
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <IgnoredParams ignored={ignored} />
      {impossible.length ? (
        <div
          role="status"
          data-testid="impossible-filters"
          className="rounded-md border border-warn/40 bg-warn-bg px-3 py-2 text-sm text-warn"
        >
          {impossible.map((t) => (
            <p key={t}>{t}</p>
          ))}
        </div>
      ) : null}
      <MessagesTable
        site={{ id: site.id, slug: site.slug }}
        result={result}
        search={s}
        senderName={s.sender !== undefined ? names?.get(s.sender)?.name : undefined}
        filtered={filtered}
        indexing={progress.backfillFinishedAt ? null : progress.percent}
        canModerate={can(member.role, 'moderation.act')}
        canManagePolicy={can(member.role, 'policy.manage')}
        picker={can(member.role, 'moderation.act') ? await loadReasonPicker(site.id) : null}
      />
    </div>
  );
}

import type { Metadata } from 'next';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { ProtectedList, StandingForm, StandingTable } from '@/components/policy/standing-controls';
import { Card } from '@/components/ui/field';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { parseSearch } from '@/lib/infra/table/search-params';
import { listMarkedProtected } from '@/lib/services/policy/protected';
import { listStandingDecisions } from '@/lib/services/policy/standing';
import { loadReasonPicker } from '@/lib/services/decisions/picker';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { PersonFilter } from './person-filter';
import { standingSearchParams } from './search-params';

export const metadata: Metadata = { title: 'Standing decisions' };

const STATES = [
  { value: 'active', label: 'Active' },
  { value: 'ended', label: 'Ended' },
  { value: 'all', label: 'All' },
] as const;

export default async function StandingPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const { search: s, ignored } = parseSearch(standingSearchParams, await searchParams);
  const state = s.state ?? 'active';
  const [rows, marked] = await Promise.all([
    listStandingDecisions({ siteId: site.id, state, kind: s.kind, bmUserId: s.user }),
    listMarkedProtected(site.id),
  ]);
  const names = await getUserNames(site.id, [
    ...marked.map((m) => m.bmUserId),
    ...(s.user !== undefined ? [s.user] : []),
  ]);
  const nameOf = (id: number) => names.get(id)?.name ?? `User #${id}`;
  const canManage = can(member.role, 'policy.manage');
  const current: Record<string, string> = {
    ...(s.state ? { state: s.state } : {}),
    ...(s.kind ? { kind: s.kind } : {}),
    ...(s.user !== undefined ? { user: String(s.user) } : {}),
  };
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Standing decisions</h1>
      <p className="text-sm text-muted">
        A site ban, site mute or hold is applied in every thread the person is in, and kept: when the sync
        sees them in another thread, BM Desk applies it there too. At its end, everything it applied is
        lifted.
      </p>
      <IgnoredParams ignored={ignored} />
      {canManage ? (
        <Card className="space-y-2 p-3">
          <h2 className="text-sm font-semibold">New standing decision</h2>
          <StandingForm siteId={site.id} picker={canManage ? await loadReasonPicker(site.id) : null} />
        </Card>
      ) : null}
      <Card className="space-y-3 p-3">
        <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filters">
          <label className="text-xs text-muted">
            State{' '}
            <select
              name="state"
              defaultValue={state}
              className="rounded border border-border bg-bg p-1 text-sm"
            >
              {STATES.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-muted">
            Kind{' '}
            <select
              name="kind"
              defaultValue={s.kind ?? ''}
              className="rounded border border-border bg-bg p-1 text-sm"
            >
              <option value="">Any</option>
              <option value="ban">Site ban</option>
              <option value="mute">Site mute</option>
              <option value="hold">Hold</option>
            </select>
          </label>
          {s.user !== undefined ? <input type="hidden" name="user" value={s.user} /> : null}
          <button type="submit" className="rounded border border-border px-2 py-1 text-sm">
            Filter
          </button>
        </form>
        <PersonFilter
          siteId={site.id}
          selected={s.user !== undefined ? { id: s.user, name: nameOf(s.user) } : null}
          hrefFor={current}
        />
        <StandingTable siteId={site.id} siteSlug={site.slug} rows={rows} canManage={canManage} />
      </Card>
      <Card className="space-y-2 p-3">
        <h2 className="text-sm font-semibold">Protected accounts</h2>
        <p className="text-sm text-muted">
          The site&apos;s administrators, its support accounts and the connected account are always protected.
          These people are protected too: no standing decision and no rule touches them, and a manual ban,
          mute or &quot;delete all messages&quot; asks for an override with a reason.
        </p>
        <ProtectedList
          siteId={site.id}
          siteSlug={site.slug}
          rows={marked.map((m) => ({
            bmUserId: m.bmUserId,
            name: nameOf(m.bmUserId),
            reason: m.reason,
            markedBy: m.markedBy,
          }))}
          canManage={canManage}
        />
      </Card>
    </div>
  );
}

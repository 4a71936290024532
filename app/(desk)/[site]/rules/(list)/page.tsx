import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { formatWhen } from '@/components/format-when';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { describeAction, TRIGGER_LABELS } from '@/lib/services/rules/labels';
import { getRules } from '@/lib/services/rules/queries';
import type { RuleTrigger } from '@/lib/services/rules/tree';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { ModeBadge } from '../mode-badge';
import { ModeSwitch } from '../mode-switch';

export const metadata: Metadata = { title: 'Rules' };

export default async function RulesPage({ params }: { params: Promise<{ site: string }> }) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  const rules = await getRules(site.id);
  const canEdit = can(member.role, 'policy.manage');
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-lg font-semibold">Rules</h1>
          <p className="text-xs text-muted">
            When a new message, pending message or report matches a rule’s conditions, its actions run: in dry
            run they are only recorded. Rules never act on messages indexed before the site’s first rule.
            {canEdit ? null : ' Owners and admins change rules; you can read them and try them on history.'}
          </p>
        </div>
        {canEdit ? (
          <Link href={`/${site.slug}/rules/new`} className={buttonClass('primary')}>
            New rule
          </Link>
        ) : null}
      </div>
      {rules.length === 0 ? (
        <p
          className="rounded-lg border border-border bg-surface p-4 text-sm text-muted"
          data-testid="rules-empty"
        >
          No rules yet.{' '}
          {canEdit
            ? 'Write one with “New rule”, or turn a search of the messages desk into one with “Make this a rule”.'
            : 'An owner or admin can write them.'}
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="rules-table">
          <thead>
            <tr className="border-b border-border text-left text-xs text-muted">
              <th className="py-2 pr-3 font-medium">Rule</th>
              <th className="py-2 pr-3 font-medium">Mode</th>
              <th className="py-2 pr-3 font-medium">On</th>
              <th className="py-2 pr-3 font-medium">Actions</th>
              <th className="py-2 pr-3 text-right font-medium">Today</th>
              <th className="py-2 pr-3 text-right font-medium">7 days</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} className="border-b border-border align-top" data-testid="rule-row">
                <td className="py-2 pr-3">
                  <Link href={`/${site.slug}/rules/${r.id}`} className="font-medium hover:underline">
                    {r.name}
                  </Link>
                  {r.description ? <p className="text-xs text-muted">{r.description}</p> : null}
                  {r.error ? (
                    <p role="status" className="mt-1 text-xs text-danger" data-testid="rule-error">
                      Switched off by BM Desk{r.errorAt ? <> at {formatWhen(r.errorAt)}</> : null}: {r.error}
                    </p>
                  ) : null}
                </td>
                <td className="py-2 pr-3">
                  {canEdit ? (
                    <ModeSwitch siteId={site.id} ruleId={r.id} name={r.name} mode={r.mode} />
                  ) : (
                    <ModeBadge mode={r.mode} />
                  )}
                </td>
                <td className="py-2 pr-3 text-xs">
                  {r.triggers.map((t) => TRIGGER_LABELS[t as RuleTrigger] ?? t).join(', ')}
                </td>
                <td className="py-2 pr-3 text-xs">{r.actions.map(describeAction).join(' · ')}</td>
                <td className="py-2 pr-3 text-right tabular-nums" data-testid="rule-today">
                  {r.today}
                </td>
                <td className="py-2 pr-3 text-right tabular-nums" data-testid="rule-week">
                  {r.week}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

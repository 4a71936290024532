import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatWhen } from '@/components/format-when';
import { can } from '@/lib/infra/auth/permissions';
import { requireMember } from '@/lib/infra/auth/require';
import { parseId } from '@/lib/infra/table/search-params';
import { getRule, getRuleMatches } from '@/lib/services/rules/queries';
import type { RuleAction, RuleCondition, RuleTrigger } from '@/lib/services/rules/tree';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { ModeBadge } from '../mode-badge';
import { ModeSwitch } from '../mode-switch';
import { listReasons } from '@/lib/services/decisions/reasons';
import { RuleEditor } from '../rule-editor';
import { DeleteRule } from './delete-rule';
import { RuleMatches } from './rule-matches';

export const metadata: Metadata = { title: 'Rule' };

export default async function RulePage({ params }: { params: Promise<{ site: string; id: string }> }) {
  const member = await requireMember();
  const { site: slug, id } = await params;
  const site = await siteFromParams(slug);
  const ruleId = parseId(id);
  const rule = ruleId ? await getRule(site.id, ruleId) : null;
  if (!rule) notFound();
  const matches = await getRuleMatches(site.id, rule.id);
  const canEdit = can(member.role, 'policy.manage');
  return (
    <div className="max-w-4xl space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-lg font-semibold">{rule.name}</h1>
          <p className="flex items-center gap-2 text-xs text-muted">
            <ModeBadge mode={rule.mode} />
            {rule.switchedAt ? <span>switched {formatWhen(rule.switchedAt)}</span> : null}
          </p>
        </div>
        <div className="flex items-start gap-3">
          {canEdit ? (
            <ModeSwitch siteId={site.id} ruleId={rule.id} name={rule.name} mode={rule.mode} />
          ) : null}
          <Link href={`/${site.slug}/rules`} className="text-sm text-accent underline">
            All rules
          </Link>
        </div>
      </div>
      {rule.error ? (
        <p
          role="status"
          className="rounded-md border border-danger/40 bg-danger-bg px-3 py-2 text-sm text-danger"
        >
          BM Desk switched this rule off{rule.errorAt ? <> at {formatWhen(rule.errorAt)}</> : null}:{' '}
          {rule.error}
        </p>
      ) : null}
      {canEdit ? null : (
        <p className="text-xs text-muted" data-testid="rule-read-only">
          Owners and admins change rules. You can read this one and try it on history.
        </p>
      )}
      <RuleEditor
        key={rule.updatedAt.toISOString()}
        reasons={(await listReasons(site.id)).map((r) => ({ code: r.code, title: r.title }))}
        siteId={site.id}
        slug={site.slug}
        ruleId={rule.id}
        canEdit={canEdit}
        initial={{
          name: rule.name,
          description: rule.description,
          conditions: rule.conditions as RuleCondition,
          actions: rule.actions as RuleAction[],
          cooldownSeconds: rule.cooldownSeconds,
          exemptRoles: rule.exemptRoles,
          triggers: rule.triggers as RuleTrigger[],
        }}
      />
      <RuleMatches slug={site.slug} matches={matches} />
      {canEdit ? <DeleteRule siteId={site.id} slug={site.slug} ruleId={rule.id} name={rule.name} /> : null}
    </div>
  );
}

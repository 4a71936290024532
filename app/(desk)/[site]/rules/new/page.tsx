import type { Metadata } from 'next';
import Link from 'next/link';
import { IgnoredParams } from '@/components/data-table/ignored-params';
import { memberWith } from '@/lib/infra/auth/require';
import { parseSearch, type RawSearch } from '@/lib/infra/table/search-params';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { listReasons } from '@/lib/services/decisions/reasons';
import { RuleEditor, type RuleDraft } from '../rule-editor';
import { newRuleSearchParams } from '../search-params';

export const metadata: Metadata = { title: 'New rule' };

const EMPTY: RuleDraft = {
  name: '',
  description: '',
  conditions: { all: [] } as unknown as RuleDraft['conditions'],
  actions: [{ type: 'review' }],
  cooldownSeconds: 300,
  exemptRoles: ['administrator'],
  triggers: ['message'],
};

export default async function NewRulePage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<RawSearch>;
}) {
  await memberWith('policy.manage', 'a new rule');
  const site = await siteFromParams((await params).site);
  const { search, ignored } = parseSearch(newRuleSearchParams, await searchParams);
  const conditions = search.conditions;
  return (
    <div className="max-w-4xl space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">New rule</h1>
        <Link href={`/${site.slug}/rules`} className="text-sm text-accent underline">
          Back to the rules
        </Link>
      </div>
      <IgnoredParams ignored={ignored} />
      {conditions ? (
        <p role="status" className="text-xs text-muted" data-testid="rule-prefilled">
          Filled in from the messages desk: the rule starts in dry run, recording what it would do.
        </p>
      ) : null}
      <RuleEditor
        siteId={site.id}
        reasons={(await listReasons(site.id)).map((r) => ({ code: r.code, title: r.title }))}
        slug={site.slug}
        canEdit
        startMode={conditions ? 'dry-run' : 'off'}
        initial={{ ...EMPTY, name: search.name ?? '', ...(conditions ? { conditions } : {}) }}
      />
    </div>
  );
}

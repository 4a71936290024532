import type { Metadata } from 'next';
import Link from 'next/link';
import { memberWith } from '@/lib/infra/auth/require';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { listCannedReplies, listLabels } from '@/lib/services/triage/catalogue';
import { getTargetMinutes, listSupportAccounts } from '@/lib/services/triage/support-accounts';
import { CannedRepliesForm, LabelsForm } from './catalogue-forms';
import { SupportAccountsForm, TargetForm } from './site-forms';

export const metadata: Metadata = { title: 'Inbox settings' };

export default async function InboxSettingsPage({ params }: { params: Promise<{ site: string }> }) {
  await memberWith('triage.manage', 'the inbox settings');
  const site = await siteFromParams((await params).site);
  const [accounts, target, labels, canned] = await Promise.all([
    listSupportAccounts(site.id),
    getTargetMinutes(site.id),
    listLabels(),
    listCannedReplies(),
  ]);
  return (
    <div className="max-w-3xl space-y-8">
      <div className="flex items-baseline justify-between">
        <h1 className="text-lg font-semibold">Inbox settings · {site.name}</h1>
        <Link href={`/${site.slug}/inbox`} className="text-sm text-accent underline">
          Back to the inbox
        </Link>
      </div>
      <SupportAccountsForm siteId={site.id} accounts={accounts} />
      <TargetForm siteId={site.id} minutes={target} />
      <LabelsForm labels={labels} />
      <CannedRepliesForm canned={canned} />
    </div>
  );
}

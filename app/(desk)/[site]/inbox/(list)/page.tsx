import type { Metadata } from 'next';
import { requireMember } from '@/lib/infra/auth/require';
import { siteFromParams } from '@/lib/services/sites/current-site';
import { InboxPage } from '@/components/inbox/inbox-page';

export const metadata: Metadata = { title: 'Inbox' };

export default async function SiteInboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ site: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  const site = await siteFromParams((await params).site);
  return <InboxPage member={member} site={site} params={await searchParams} />;
}

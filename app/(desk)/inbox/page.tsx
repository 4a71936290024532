import type { Metadata } from 'next';
import { requireMember } from '@/lib/infra/auth/require';
import { InboxPage } from '@/components/inbox/inbox-page';

export const metadata: Metadata = { title: 'Inbox · all sites' };

export default async function AllSitesInboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember();
  return <InboxPage member={member} params={await searchParams} />;
}

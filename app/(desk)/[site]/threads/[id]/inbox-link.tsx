import Link from 'next/link';
import { inInbox } from '@/lib/services/triage/conversations';
import { AddToInboxButton } from '@/components/triage/add-to-inbox';

/** From the threads desk to the support inbox: open the conversation, or add the thread to it. */
export async function ThreadInboxLink({
  siteId,
  slug,
  threadId,
}: {
  siteId: number;
  slug: string;
  threadId: number;
}) {
  const inside = (await inInbox(siteId, [threadId])).has(threadId);
  return inside ? (
    <Link
      href={`/${slug}/inbox/${threadId}`}
      className="text-sm text-accent underline"
      data-testid="open-in-inbox"
    >
      Open in the support inbox
    </Link>
  ) : (
    <AddToInboxButton siteId={siteId} threadId={threadId} slug={slug} />
  );
}

import 'server-only';
import { dismissAiFlag, dismissReport, type BmClient } from '@/lib/infra/better-messages';
import type { Member } from '@/lib/infra/auth/members';
import { refreshMessages, refreshThread } from '@/lib/services/site-index/refresh';
import { openSite, type OpenedSite } from '@/lib/services/sites/open-site';
import { claimItem, readLiveItem, type LiveItem, type QueueKind } from './claims';

/**
 * One queue decision: read the item from the site, take the claim (refused if someone else
 * already decided), act, and refresh the index; the claim is released if the site refuses.
 * The site is opened once for all of it: one unseal, and the stored rest mode for every call.
 */
export async function decide(
  input: { siteId: number; messageId: number },
  member: Member,
  kind: QueueKind,
  decision: string,
  act: (
    client: BmClient,
    item: LiveItem,
  ) => Promise<{ touchedThread?: boolean; alsoTouched?: number[] } | void>,
  /** The site already opened (a job's claim of items): its client, limiter and rest mode. */
  opened?: OpenedSite,
): Promise<{ threadId: number }> {
  const site = opened ?? (await openSite(input.siteId));
  const client = site.client;
  const item = await readLiveItem(client, input.messageId);
  const claim = await claimItem(input.siteId, kind, input.messageId, item, member, decision);
  let effect: { touchedThread?: boolean; alsoTouched?: number[] } | void;
  try {
    effect = await act(client, item!);
  } catch (err) {
    await claim.release();
    throw err;
  }
  await refreshMessages(site, [input.messageId, ...(effect?.alsoTouched ?? [])]).catch((e: Error) =>
    console.error(`[queues] index refresh of message ${input.messageId} failed: ${e.message}`),
  );
  if (effect?.touchedThread) await refreshThread(site, item!.threadId).catch(() => undefined);
  return { threadId: item!.threadId };
}

/** Clears every open report on the message and its AI flag, as the plugin stores them. */
export async function clearReports(client: BmClient, messageId: number, item: LiveItem) {
  for (const report of item.reports) {
    await dismissReport(client, { messageId, reporterBmUserId: report.reporterBmUserId });
  }
  if (item.aiFlagged) await dismissAiFlag(client, messageId);
}

/**
 * The claim taken when a member decides, before the undo window runs out and the decision is
 * sent: nobody else can decide the item meanwhile. The send finds the claim its own.
 */
export async function claimAhead(
  input: { siteId: number; messageId: number },
  member: Member,
  kind: QueueKind,
  decision: string,
): Promise<void> {
  const site = await openSite(input.siteId);
  const item = await readLiveItem(site.client, input.messageId);
  await claimItem(input.siteId, kind, input.messageId, item, member, decision);
}

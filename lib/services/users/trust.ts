/**
 * Trusting or distrusting a sender, wherever the decision is taken (the pending queue, a
 * person's page): the plugin's white/blacklist, with what it does to their waiting messages,
 * and the ids the index must re-read afterwards.
 */
import 'server-only';
import {
  blacklistAndDeleteAllPending,
  whitelistAndApproveAll,
  type BmClient,
  type ListTarget,
} from '@/lib/infra/better-messages';
import { pendingIdsOfSender } from '@/lib/services/queues/queries';

export type TrustDecision = 'trust' | 'distrust';

/**
 * Trust: whitelisted (no pre-moderation) and everything waiting approved. Distrust:
 * blacklisted (always held) and everything waiting deleted. Global without `threadId`.
 */
export async function decideSenderTrust(
  client: BmClient,
  siteId: number,
  decision: TrustDecision,
  target: ListTarget,
): Promise<{ touchedMessageIds: number[]; count: number }> {
  const touchedMessageIds = await pendingIdsOfSender(siteId, target.bmUserId);
  const result =
    decision === 'trust'
      ? await whitelistAndApproveAll(client, target)
      : await blacklistAndDeleteAllPending(client, target);
  return {
    touchedMessageIds,
    count: (decision === 'trust' ? result.approvedCount : result.deletedCount) ?? 0,
  };
}

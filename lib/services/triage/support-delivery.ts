/**
 * A support account's replies must reach the member. With pre-moderation on, the plugin holds
 * the messages of anyone not on its whitelist (a role listed for pre-moderation, a first-time
 * sender, a blacklist): the member never sees them until a moderator approves. So a support
 * account is put on the site's whitelist when it is saved, and a reply that is held anyway (a
 * blacklist in that thread outranks the global whitelist) is approved at once with the site's
 * admin credential; when even that fails, the agent is told the reply is held, and why.
 */
import 'server-only';
import {
  addToList,
  approveMessage,
  getAdminMessagesByIds,
  getAdminUser,
  isBmError,
  type BmClient,
  type BmSendResult,
} from '@/lib/infra/better-messages';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { openSite, siteOf, type SiteRef } from '@/lib/services/sites/open-site';
import { saveSupportAccount } from './support-accounts';

export type WhitelistOutcome =
  | { state: 'whitelisted' }
  /** WordPress administrators are never held, and the plugin refuses to list them. */
  | { state: 'exempt' }
  | { state: 'failed'; reason: string };

const why = (err: unknown) =>
  isBmError(err) || err instanceof ActionRefusal ? err.message : 'an unexpected error';

/** Puts the account on the site's global pre-moderation whitelist (permanent). Never throws. */
export async function whitelistSupportAccount(site: SiteRef, bmUserId: number): Promise<WhitelistOutcome> {
  let admin: BmClient;
  try {
    admin = (await siteOf(site)).client;
  } catch (err) {
    return { state: 'failed', reason: why(err) };
  }
  try {
    await addToList(admin, 'whitelist', { bmUserId });
    return { state: 'whitelisted' };
  } catch (err) {
    // `whitelist_failed` is also the plugin's answer for an administrator, who needs no listing.
    const exempt = await getAdminUser(admin, bmUserId).then(
      (u) => u.isAdmin,
      () => false,
    );
    return exempt ? { state: 'exempt' } : { state: 'failed', reason: why(err) };
  }
}

/** Saving a support account, as the inbox settings do: stored, then whitelisted on the site. */
export async function enrolSupportAccount(
  input: Parameters<typeof saveSupportAccount>[0],
): Promise<WhitelistOutcome> {
  const site = await openSite(input.siteId);
  await saveSupportAccount(input, site);
  return whitelistSupportAccount(site, input.bmUserId);
}

/** What the saved form says about it, in words. */
export function whitelistNotice(name: string, outcome: WhitelistOutcome): { ok: boolean; text: string } {
  switch (outcome.state) {
    case 'whitelisted':
      return {
        ok: true,
        text: `Support account saved. ${name} is on the site's pre-moderation whitelist: the plugin does not hold their replies.`,
      };
    case 'exempt':
      return {
        ok: true,
        text: `Support account saved. ${name} is a WordPress administrator: pre-moderation never holds their replies.`,
      };
    case 'failed':
      return {
        ok: false,
        text: `Support account saved, but the site did not put ${name} on its pre-moderation whitelist (${outcome.reason}). Their replies may be held for approval; BM Desk then tries to approve them.`,
      };
  }
}

export type ReplyDelivery =
  | { state: 'sent' }
  /** Held by pre-moderation and approved at once with the site's admin credential. */
  | { state: 'approved' }
  | { state: 'held'; reason: string };

/** Whether the site holds the message: from the send answer, else read back as the admin. */
async function isHeld(site: SiteRef, sent: BmSendResult): Promise<boolean> {
  const echoed = sent.update?.messages.find((m) => m.message_id === sent.message_id);
  if (echoed) return Boolean(echoed.meta?.isPending);
  const { rows } = await getAdminMessagesByIds((await siteOf(site)).client, [sent.message_id]);
  return Boolean(rows[0]?.is_pending);
}

/** Who replied: the approval made on their behalf is on record as theirs. */
type Actor = Parameters<typeof recordIntent>[1];

/** Makes sure the member sees the reply just sent, or says why they do not. */
export async function deliverReply(
  site: SiteRef,
  threadId: number,
  sent: BmSendResult,
  actor: Actor,
): Promise<ReplyDelivery> {
  const siteId = typeof site === 'number' ? site : site.id;
  let held: boolean;
  try {
    held = await isHeld(site, sent);
  } catch (err) {
    return { state: 'held', reason: `BM Desk could not read back whether the site holds it: ${why(err)}` };
  }
  if (!held) return { state: 'sent' };
  const reason = 'The site holds it for pre-moderation (the support account is not on its whitelist here)';
  // An approval with the site's admin credential is a moderation action: audited like one.
  const auditId = await recordIntent('approveHeldSupportReply', actor, {
    siteId,
    target: { threadId, messageId: sent.message_id },
    params: { automatic: true },
  });
  const started = performance.now();
  try {
    if (await approveMessage((await siteOf(site)).client, sent.message_id)) {
      await recordOutcome(auditId, 'ok', performance.now() - started);
      return { state: 'approved' };
    }
    const refusal = 'the site did not approve it when BM Desk asked';
    await recordOutcome(auditId, 'refused', performance.now() - started, { message: refusal });
    return { state: 'held', reason: `${reason}, and ${refusal}.` };
  } catch (err) {
    const c = classifyError(err);
    await recordOutcome(auditId, c.outcome, performance.now() - started, c);
    return { state: 'held', reason: `${reason}, and approving it failed: ${why(err)}` };
  }
}

/** Replying from BM Desk: the message goes to the site as the chosen support account. */
import 'server-only';
import { sendMessage } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { openSite } from '@/lib/services/sites/open-site';
import { catchUpTriage } from './catch-up';
import { supportAccountClient } from './support-accounts';
import { deliverReply, type ReplyDelivery } from './support-delivery';

/**
 * The composer writes plain text, and the plugin escapes what it stores itself (`&` becomes
 * `&amp;`), so the body goes as text, lines joined by `<br>`. Sending sanitized, entity-encoded
 * HTML would show double-escaped on the site. The plugin's PHP strip_tags drops everything from a
 * `<` that an ASCII space does not follow up to the next `>` (or the end): `<b>bold</b>`, `<3`,
 * `a<b`, and a `<` followed by an invisible character too. So every such `<` gets a space after
 * it: the agent's text arrives whole, `<b>` shows as the text `< b>`, and nothing typed becomes
 * markup (or a plugin marker). What BM Desk shows of the reply comes back from the site through
 * the sanitizer, like every message.
 */
export function replyBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/<(?![ \t\f\v])/g, '< ')
    .split('\n')
    .join('<br>');
}

export async function replyAsSupport(input: {
  siteId: number;
  threadId: number;
  supportAccountId: number;
  text: string;
  /** The member replying (on record for an approval BM Desk makes for them); null in scripts. */
  member?: Parameters<typeof deliverReply>[3];
}): Promise<{ messageId: number; delivery: ReplyDelivery }> {
  const body = replyBody(input.text);
  if (!body.replace(/<br>/g, '').trim()) throw new ActionRefusal('Write a reply first.', 'empty');
  // Opened once: the support account's client, the approval and the refresh share it.
  const site = await openSite(input.siteId);
  const client = await supportAccountClient(site, input.supportAccountId);
  const result = await sendMessage(client, input.threadId, { message: body });
  const delivery = await deliverReply(site, input.threadId, result, input.member ?? null);
  // The index and the waiting time show the answer at once, not at the next sync; a reply still
  // held stays out of the waiting time (the member does not see it).
  await refreshThread(site, input.threadId).catch((err: Error) =>
    console.error(`[triage] index refresh of thread ${input.threadId} failed: ${err.message}`),
  );
  await catchUpTriage(input.siteId, new Date(), { threadIds: [input.threadId] });
  return { messageId: result.message_id, delivery };
}

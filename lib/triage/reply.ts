/** Replying from BM Desk: the message goes to the site as the chosen support account. */
import { sendMessage } from '@/lib/better-messages';
import { ActionRefusal } from '@/lib/actions/result';
import { refreshThread } from '@/lib/site-index/refresh';
import { catchUpTriage } from './catch-up';
import { supportAccountClient } from './support-accounts';

/**
 * The composer writes plain text, and the plugin escapes what it stores itself (`&` becomes
 * `&amp;`), so the body goes as text: lines joined by `<br>`, and every `<` that could open a
 * tag or comment followed by an invisible space, so that what the agent typed shows as typed and
 * nothing in it becomes markup (or a plugin marker). Sending sanitized, entity-encoded HTML
 * would show double-escaped on the site. What BM Desk shows of the reply comes back from the
 * site through the sanitizer, like every message.
 */
export function replyBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/<(?=[a-zA-Z/!?])/g, '<\u200b')
    .split('\n')
    .join('<br>');
}

export async function replyAsSupport(input: {
  siteId: number;
  threadId: number;
  supportAccountId: number;
  text: string;
}): Promise<{ messageId: number; pending: boolean }> {
  const body = replyBody(input.text);
  if (!body.replace(/<br>/g, '').trim()) throw new ActionRefusal('Write a reply first.', 'empty');
  const client = await supportAccountClient(input.siteId, input.supportAccountId);
  const result = await sendMessage(client, input.threadId, { message: body });
  const sent = result.update?.messages.find((m) => m.message_id === result.message_id);
  // The index and the waiting time show the answer at once, not at the next sync.
  await refreshThread(input.siteId, input.threadId).catch((err: Error) =>
    console.error(`[triage] index refresh of thread ${input.threadId} failed: ${err.message}`),
  );
  await catchUpTriage(input.siteId, new Date(), { threadIds: [input.threadId] });
  return { messageId: result.message_id, pending: Boolean(sent?.meta?.isPending) };
}

/**
 * "Delete all messages" of a person as a durable job, one item per message (the key is the
 * message id, listed from the index when the job starts). Each message is checked on the site
 * first: deleted only when the site says it is this person's; one deleted meanwhile ends 'gone'.
 * Audited per message as `deleteUserMessages` (params carry `job: <id>`). After a crash,
 * `verify` asks the site whether the message still exists.
 */
import 'server-only';
import { z } from 'zod';
import { deleteMessagesSiteWide, getAdminMessagesByIds } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { refreshMessages } from '@/lib/services/site-index/refresh';
import { defineJobKind } from '../kind';
import { auditedItem } from './audited-item';
import { messageExists } from './files-bulk';

export const UserMessagesParams = z.object({
  bmUserId: z.number().int(),
  reason: z.string().max(500).optional(),
});
export type UserMessagesParams = z.infer<typeof UserMessagesParams>;

function messageIdOf(key: string): number {
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`Not a message id: "${key}".`);
  return id;
}

export const userMessagesKind = defineJobKind<UserMessagesParams>({
  kind: 'deleteUserMessages',
  parseParams: (raw) => UserMessagesParams.parse(raw),
  async run(ctx, item) {
    const messageId = messageIdOf(item.key);
    const client = ctx.site.client;
    const { rows } = await getAdminMessagesByIds(client, [messageId]);
    const row = rows.find((m) => m.id === messageId);
    let outcome: 'done' | 'gone' = 'done';
    if (!row) {
      outcome = 'gone';
    } else {
      if (row.sender.bmUserId !== ctx.params.bmUserId) {
        throw new ActionRefusal(
          `Message #${messageId} is not this person's; it was left alone.`,
          'not-theirs',
        );
      }
      const images = await prepareImageRemoval(ctx.siteId, [messageId]);
      await auditedItem(
        'deleteUserMessages',
        ctx.member,
        {
          siteId: ctx.siteId,
          target: { bmUserId: ctx.params.bmUserId, messageIds: [messageId] },
          params: { reason: ctx.params.reason },
        },
        ctx.jobId,
        () => deleteMessagesSiteWide(client, [messageId]),
      );
      await images.record([messageId], ctx.member?.id ?? null);
    }
    await refreshMessages(ctx.site, [messageId]).catch((e: Error) =>
      console.error(`[jobs] index refresh after deleting message ${messageId} failed: ${e.message}`),
    );
    return outcome === 'gone'
      ? { status: 'gone', error: 'The message no longer exists.' }
      : { status: 'done' };
  },
  async verify(ctx, item) {
    return (await messageExists(ctx.site.client, messageIdOf(item.key))) ? 'redo' : 'done';
  },
});

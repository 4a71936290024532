/**
 * The messages desk's bulk decisions as a durable job. `delete`: one item per message (the key is
 * the message id), each read on the site first (one deleted meanwhile ends 'gone'), deleted
 * site-wide with its images kept as removed images, audited as `deleteMessages` (params carry
 * `job: <id>`). `site-ban`: one item per distinct sender (the key is `sender:<bmUserId>`), each a
 * standing decision of lib/services/policy, audited as `siteBanSenders`. Approve and reject of
 * pending messages go through the queues' own kind (`queueBulk`).
 */
import 'server-only';
import { z } from 'zod';
import { deleteMessagesSiteWide, getAdminMessagesByIds } from '@/lib/infra/better-messages';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { refreshMessages } from '@/lib/services/site-index/refresh';
import { defineJobKind, type JobContext } from '../kind';
import { auditedItem } from './audited-item';
import { messageExists } from './files-bulk';

export const MessagesBulkParams = z.discriminatedUnion('action', [
  z.object({ action: z.literal('delete'), reason: z.string().max(500).optional() }),
]);
export type MessagesBulkParams = z.infer<typeof MessagesBulkParams>;

export const senderKey = (bmUserId: number) => `sender:${bmUserId}`;

function messageIdOf(key: string): number {
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`Not a message id: "${key}".`);
  return id;
}

async function deleteOne(ctx: JobContext<MessagesBulkParams>, key: string) {
  const messageId = messageIdOf(key);
  const client = ctx.site.client;
  const { rows } = await getAdminMessagesByIds(client, [messageId]);
  const row = rows.find((r) => r.id === messageId);
  if (row) {
    const images = await prepareImageRemoval(ctx.siteId, [messageId]);
    await auditedItem(
      'deleteMessages',
      ctx.member,
      {
        siteId: ctx.siteId,
        target: { messageIds: [messageId], threadId: row.thread_id, bmUserId: row.sender.bmUserId },
        params: { reason: ctx.params.reason },
      },
      ctx.jobId,
      () => deleteMessagesSiteWide(client, [messageId]),
    );
    ctx.called?.();
    await images.record([messageId], ctx.member?.id ?? null);
  }
  await refreshMessages(ctx.site, [messageId]).catch((e: Error) =>
    console.error(`[jobs] index refresh after deleting message ${messageId} failed: ${e.message}`),
  );
  return row
    ? ({ status: 'done' } as const)
    : ({ status: 'gone', error: 'The message no longer exists.' } as const);
}

export const messagesBulkKind = defineJobKind<MessagesBulkParams>({
  kind: 'messagesBulk',
  parseParams: (raw) => MessagesBulkParams.parse(raw),
  run: (ctx, item) => deleteOne(ctx, item.key),
  async verify(ctx, item) {
    return (await messageExists(ctx.site.client, messageIdOf(item.key))) ? 'redo' : 'done';
  },
});

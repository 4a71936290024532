/**
 * The files desk's "Remove these files" as a durable job. The site cannot delete one file: a file
 * goes with the message it was sent in, so each item is a message (key `threadId:messageId`),
 * deleted as the files desk deletes one (audited `deleteFileMessage`, with the files it held and
 * `job: <id>`). A message or thread deleted meanwhile ends 'gone'. After a crash, `verify` asks
 * the site whether the message still exists.
 */
import 'server-only';
import { z } from 'zod';
import { deleteThreadMessages, getAdminMessagesByIds, type BmClient } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { defineJobKind } from '../kind';
import { auditedItem } from './audited-item';
import { isThreadGone } from './restrict-everywhere';

export const FilesBulkParams = z.object({
  reason: z.string().max(500).optional(),
  /** The selected files of each message (by message id), for the audit log. */
  attachments: z.record(z.string(), z.array(z.number().int().positive())).default({}),
});
export type FilesBulkParams = z.infer<typeof FilesBulkParams>;

export function fileMessageKey(threadId: number, messageId: number): string {
  return `${threadId}:${messageId}`;
}

function parseKey(key: string): { threadId: number; messageId: number } {
  const [t, m] = key.split(':').map(Number);
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(m) || t! <= 0 || m! <= 0) {
    throw new Error(`Not a thread:message key: "${key}".`);
  }
  return { threadId: t!, messageId: m! };
}

/** Whether the site still has the message (any thread). */
export async function messageExists(client: BmClient, messageId: number): Promise<boolean> {
  const { missingIds } = await getAdminMessagesByIds(client, [messageId]);
  return !missingIds.includes(messageId);
}

export const filesBulkKind = defineJobKind<FilesBulkParams>({
  kind: 'removeFiles',
  parseParams: (raw) => FilesBulkParams.parse(raw),
  async run(ctx, item) {
    const { threadId, messageId } = parseKey(item.key);
    const client = ctx.site.client;
    let gone = false;
    // Its images are kept by hash first, as the files desk does for one message.
    const images = await prepareImageRemoval(ctx.siteId, [messageId]);
    try {
      await auditedItem(
        'deleteFileMessage',
        ctx.member,
        {
          siteId: ctx.siteId,
          target: { threadId, messageId, attachmentIds: ctx.params.attachments[String(messageId)] ?? [] },
          params: { reason: ctx.params.reason },
        },
        ctx.jobId,
        async () => {
          const result = await deleteThreadMessages(client, threadId, [messageId]);
          if (result.deletedIds.includes(messageId)) {
            await images.record(result.deletedIds, ctx.member?.id ?? null);
            return;
          }
          // Not deleted: a message deleted meanwhile is not a failure.
          if (!(await messageExists(client, messageId))) {
            gone = true;
            return;
          }
          throw new ActionRefusal(
            result.errors.length
              ? `The site refused: ${result.errors.join(' ')}`
              : `The site did not delete message #${messageId}.`,
            'not-deleted',
          );
        },
        () =>
          gone
            ? { outcome: 'refused', code: 'gone', message: 'The message no longer exists.' }
            : { outcome: 'ok' },
      );
    } catch (err) {
      if (!isThreadGone(err)) throw err;
      gone = true;
    }
    await refreshThread(ctx.site, threadId).catch((e: Error) =>
      console.error(`[jobs] index refresh of thread ${threadId} failed: ${e.message}`),
    );
    return gone ? { status: 'gone', error: 'The message no longer exists.' } : { status: 'done' };
  },
  async verify(ctx, item) {
    const { messageId } = parseKey(item.key);
    return (await messageExists(ctx.site.client, messageId)) ? 'redo' : 'done';
  },
});

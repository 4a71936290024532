'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deleteThreadMessages } from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { siteClient } from '@/lib/services/sites/site-client';

const id = z.coerce.number().int().positive();

/**
 * The plugin cannot delete one file: a file goes with the message it was sent in. So this
 * deletes the message (its text and every file in it), as the confirmation says.
 */
export const deleteFileMessage = defineAction({
  name: 'deleteFileMessage',
  permission: 'moderation.act',
  input: z.object({
    siteId: id,
    threadId: id,
    messageId: id,
    attachmentIds: z.array(id).min(1).max(50),
    reason: z.string().trim().max(500).optional(),
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadId: i.threadId, messageId: i.messageId, attachmentIds: i.attachmentIds },
    params: { reason: i.reason },
  }),
  run: async (i, { member }) => {
    // Its images are kept by hash first ("matches removed image #N"): the files go with the message.
    const images = await prepareImageRemoval(i.siteId, [i.messageId]);
    const result = await deleteThreadMessages(await siteClient(i.siteId), i.threadId, [i.messageId]);
    if (!result.deletedIds.includes(i.messageId)) {
      throw new ActionRefusal(
        result.errors.length
          ? `The site refused: ${result.errors.join(' ')}`
          : `The site did not delete message #${i.messageId}.`,
        'not-deleted',
      );
    }
    await images.record(result.deletedIds, member.id);
    await refreshThread(i.siteId, i.threadId).catch((err: Error) =>
      console.error(`[attachments] index refresh of thread ${i.threadId} failed: ${err.message}`),
    );
    revalidatePath('/[site]/attachments', 'page');
    revalidatePath('/[site]/threads', 'layout');
    return { messageId: i.messageId };
  },
});

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { durationMinutes, id, reason } from '@/lib/infra/actions/fields';
import { reasonFields } from '@/lib/services/decisions/fields';
import { queueEntryOf } from './queries';

/**
 * What every queue decision names: the site, the message, and its reason (one of the site's
 * reasons, the moderator's words, whether to tell the member).
 */
export const QueueItemInput = z.object({
  siteId: id,
  messageId: id,
  reason,
  reasonId: reasonFields.reasonId,
  notify: reasonFields.notify,
  notifyShown: reasonFields.notifyShown,
});

/** Decisions about the sender: here or everywhere, for a while or until lifted. */
export const SenderInput = QueueItemInput.extend({
  scope: z.enum(['global', 'thread']),
  duration: durationMinutes.optional(),
});

/**
 * The decision names the message and, from the index, its sender (the person's history reads it
 * back) and when the item entered its queue (the overview's time to first decision).
 */
export async function queueAudit(i: z.infer<typeof QueueItemInput> & Record<string, unknown>) {
  const { siteId, messageId, ...params } = i;
  const entry = await queueEntryOf(siteId, messageId).catch(() => undefined);
  return {
    siteId,
    target: {
      messageId,
      ...(entry ? { bmUserId: entry.senderId } : {}),
      ...(entry?.queuedAt ? { queuedAt: entry.queuedAt.toISOString() } : {}),
    },
    params,
  };
}

/** Counts in the sidebar and every page of the site change with a decision. */
export function revalidateDesk<T>(result: T): T {
  revalidatePath('/[site]', 'layout');
  return result;
}

/**
 * The threads desk's bulk actions as a durable job, one item per thread (the key is the thread
 * id): ban one person from the chosen threads, erase them, or clear their messages (the thread
 * page's "Clear messages": the plugin deletes 50 a call, so one item makes as many calls as it
 * takes). Each thread is audited as the thread page audits it (banUserInThread, eraseThread,
 * clearThreadMessages; params carry `job: <id>`). A thread erased meanwhile ends 'gone'. After a
 * crash, `verify` reads the thread from the site first (a clear simply goes on: it deletes what is
 * left). The images of an erased or cleared thread are recorded as removed images.
 */
import 'server-only';
import { z } from 'zod';
import { clearMessages, eraseThread, getThread } from '@/lib/infra/better-messages';
import { prepareThreadImageRemoval } from '@/lib/services/care/removed';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { defineJobKind } from '../kind';
import { auditedItem } from './audited-item';
import { checkInThread, isThreadGone, restrictInThread } from './restrict-everywhere';

export const ThreadBulkParams = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('ban'),
    bmUserId: z.number().int(),
    /** Minutes; absent: for good. */
    duration: z.number().int().positive().optional(),
    reason: z.string().max(500).optional(),
  }),
  z.object({ action: z.literal('erase'), reason: z.string().max(500).optional() }),
  z.object({ action: z.literal('clear'), reason: z.string().max(500).optional() }),
]);
export type ThreadBulkParams = z.infer<typeof ThreadBulkParams>;

export function threadIdOf(key: string): number {
  const threadId = Number(key);
  if (!Number.isSafeInteger(threadId) || threadId <= 0) throw new Error(`Not a thread id: "${key}".`);
  return threadId;
}

export const threadBulkKind = defineJobKind<ThreadBulkParams>({
  kind: 'threadBulk',
  parseParams: (raw) => ThreadBulkParams.parse(raw),
  async run(ctx, item) {
    const threadId = threadIdOf(item.key);
    const p = ctx.params;
    try {
      if (p.action === 'ban') {
        await restrictInThread(
          ctx.site.client,
          {
            siteId: ctx.siteId,
            threadId,
            bmUserId: p.bmUserId,
            kind: 'ban',
            duration: p.duration,
            reason: p.reason,
          },
          { member: ctx.member, job: ctx.jobId },
        );
      } else if (p.action === 'clear') {
        // Hashed first, while the files are still there; recorded once the site says none is left.
        const images = await prepareThreadImageRemoval(ctx.siteId, threadId);
        await auditedItem(
          'clearThreadMessages',
          ctx.member,
          { siteId: ctx.siteId, target: { threadId }, params: { reason: p.reason } },
          ctx.jobId,
          () => clearMessages(ctx.site.client, threadId),
        );
        await images.record(images.messageIds, ctx.member?.id ?? null);
        await refreshThread(ctx.site, threadId).catch((e: Error) =>
          console.error(`[jobs] index refresh after clearing thread ${threadId} failed: ${e.message}`),
        );
      } else {
        // Its images are kept as removed images (hashed first, while the files are still there).
        const images = await prepareThreadImageRemoval(ctx.siteId, threadId);
        await auditedItem(
          'eraseThread',
          ctx.member,
          { siteId: ctx.siteId, target: { threadId }, params: { reason: p.reason } },
          ctx.jobId,
          () => eraseThread(ctx.site.client, threadId),
        );
        await images.record(images.messageIds, ctx.member?.id ?? null);
        // The index forgets the thread (the site no longer has it).
        await refreshThread(ctx.site, threadId).catch((e: Error) =>
          console.error(`[jobs] index refresh after erasing thread ${threadId} failed: ${e.message}`),
        );
      }
    } catch (err) {
      if (isThreadGone(err)) {
        if (p.action === 'erase') await refreshThread(ctx.site, threadId).catch(() => undefined);
        return { status: 'gone', error: 'The thread no longer exists.' };
      }
      throw err;
    }
    return { status: 'done' };
  },
  async verify(ctx, item) {
    const threadId = threadIdOf(item.key);
    const p = ctx.params;
    if (p.action === 'ban') {
      return checkInThread(ctx.site.client, {
        siteId: ctx.siteId,
        threadId,
        bmUserId: p.bmUserId,
        kind: 'ban',
        duration: p.duration,
        reason: p.reason,
      });
    }
    // Clear: whatever is left is deleted by running it again.
    if (p.action === 'clear') return 'redo';
    // Erase: a thread the site no longer has was erased (by this call, or by someone meanwhile).
    try {
      const bundle = await getThread(ctx.site.client, threadId);
      return bundle.threads.some((t) => t.thread_id === threadId) ? 'redo' : 'done';
    } catch (err) {
      if (isThreadGone(err)) return 'done';
      throw err;
    }
  },
});

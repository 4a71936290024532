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
import { clearMessages, eraseThread, getThread, type BmClient } from '@/lib/infra/better-messages';
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

/** The two ways a job wipes a thread: its audited name and the site call. */
const WIPES = {
  erase: { action: 'eraseThread', call: (c: BmClient, t: number) => eraseThread(c, t) },
  clear: {
    action: 'clearThreadMessages',
    call: async (c: BmClient, t: number) => void (await clearMessages(c, t)),
  },
} as const;

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
      } else {
        // Erase or clear: the thread's images are hashed first, while the files are still there,
        // and recorded as removed images once the site has done it; then the index follows (an
        // erased thread leaves it).
        const wipe = WIPES[p.action];
        const images = await prepareThreadImageRemoval(ctx.siteId, threadId);
        await auditedItem(
          wipe.action,
          ctx.member,
          { siteId: ctx.siteId, target: { threadId }, params: { reason: p.reason } },
          ctx.jobId,
          () => wipe.call(ctx.site.client, threadId),
        );
        await images.record(images.messageIds, ctx.member?.id ?? null);
        await refreshThread(ctx.site, threadId).catch((e: Error) =>
          console.error(
            `[jobs] index refresh after ${wipe.action} of thread ${threadId} failed: ${e.message}`,
          ),
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

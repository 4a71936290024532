/**
 * The reports and pending queues' bulk decisions as a durable job, one item per message (the key
 * is the message id): dismiss or delete reported messages, approve or reject pending ones. Each
 * item goes through `decide()` as the single decision does (the site read live, the claim taken,
 * so two moderators never decide the same item) and is audited under the single action's name
 * (dismissReports, deleteReportedMessage, approvePendingMessage, rejectPendingMessage; params
 * carry `job: <id>`). An item already decided, by someone else or gone from the site, ends
 * 'gone' with the claim's words. The member who started the job decides: their row is read again
 * for each item, so a removed member or a role that may no longer take the decision fails in words.
 */
import 'server-only';
import { z } from 'zod';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getActiveMember } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { queueAudit } from '@/lib/services/queues/action-input';
import { readLiveItem } from '@/lib/services/queues/claims';
import { decide } from '@/lib/services/queues/decide';
import { bulkQueueDecision } from '@/lib/services/queues/queue-decisions';
import { decideWithReason } from '@/lib/services/queues/record';
import { defineJobKind } from '../kind';
import { auditedItem } from './audited-item';

export const QueueBulkParams = z.object({
  queue: z.enum(['report', 'pending']),
  decision: z.string().min(1).max(40),
  reason: z.string().max(500).optional(),
});
export type QueueBulkParams = z.infer<typeof QueueBulkParams>;

export function messageIdOf(key: string): number {
  const messageId = Number(key);
  if (!Number.isSafeInteger(messageId) || messageId <= 0) throw new Error(`Not a message id: "${key}".`);
  return messageId;
}

export const queueBulkKind = defineJobKind<QueueBulkParams>({
  kind: 'queueBulk',
  parseParams: (raw) => QueueBulkParams.parse(raw),
  async run(ctx, item) {
    const messageId = messageIdOf(item.key);
    const p = ctx.params;
    const d = bulkQueueDecision(p.queue, p.decision);
    const member = ctx.member ? await getActiveMember(ctx.member.id) : null;
    if (!member) {
      throw new ActionRefusal(
        'The member who started this job no longer has an active account: nothing was decided.',
        'member-gone',
      );
    }
    if (!can(member.role, d.permission)) {
      throw new ActionRefusal(
        `Your role (${member.role}) is not allowed to ${d.claimWords} ${p.queue === 'report' ? 'reported' : 'pending'} messages.`,
        'forbidden',
      );
    }
    const on = { siteId: ctx.siteId, messageId };
    try {
      await auditedItem(
        d.action,
        ctx.member,
        await queueAudit({ ...on, reason: p.reason }),
        ctx.jobId,
        (auditId) =>
          // Recorded as the single decision is (a statement of reasons, the reporters told).
          d.record
            ? decideWithReason(
                { ...on, reason: p.reason },
                member,
                p.queue,
                d.claimWords,
                d.act(on, member.id),
                d.record,
                auditId,
                ctx.site,
              )
            : decide(on, member, p.queue, d.claimWords, d.act(on, member.id), ctx.site),
      );
    } catch (err) {
      if (err instanceof ActionRefusal && (err.code === 'already-handled' || err.code === 'already-yours')) {
        return { status: 'gone', error: err.message };
      }
      throw err;
    }
    return { status: 'done' };
  },
  async verify(ctx, item) {
    const p = ctx.params;
    const live = await readLiveItem(ctx.site.client, messageIdOf(item.key));
    const open = live && (p.queue === 'pending' ? live.pending : live.reports.length > 0 || live.aiFlagged);
    return open ? 'redo' : 'done';
  },
});

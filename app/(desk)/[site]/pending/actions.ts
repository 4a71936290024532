'use server';

import { defineAction } from '@/lib/infra/actions/define-action';
import { decide } from '@/lib/services/queues/decide';
import { decideWithReason } from '@/lib/services/queues/record';
import { approveAct, rejectAct } from '@/lib/services/queues/queue-decisions';
import { decideSenderTrust } from '@/lib/services/users/trust';
import { QueueItemInput, queueAudit, revalidateDesk, SenderInput } from '@/lib/services/queues/action-input';

/** This call's audit row, for the decision's record (null where the action wrapper gives none). */
const auditOf = (ctx: object) => (ctx as { auditId?: number | null }).auditId ?? null;

export const approvePendingMessage = defineAction({
  name: 'approvePendingMessage',
  permission: 'moderation.act',
  input: QueueItemInput,
  audit: queueAudit,
  run: async (i, { member }) => revalidateDesk(await decide(i, member, 'pending', 'approve', approveAct(i))),
});

export const rejectPendingMessage = defineAction({
  name: 'rejectPendingMessage',
  permission: 'moderation.act',
  input: QueueItemInput,
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'pending',
        'reject',
        rejectAct(i, ctx.member.id),
        { kind: 'reject' },
        auditOf(ctx),
      ),
    ),
});

/** Whitelist the sender and approve everything they have waiting. */
export const trustPendingSender = defineAction({
  name: 'trustPendingSender',
  permission: 'moderation.act',
  input: SenderInput,
  audit: queueAudit,
  run: async (i, { member }) =>
    revalidateDesk(
      await decide(i, member, 'pending', `trust sender (${i.scope})`, async (client, item) => {
        const { touchedMessageIds } = await decideSenderTrust(client, i.siteId, 'trust', {
          bmUserId: item.senderId,
          threadId: i.scope === 'thread' ? item.threadId : undefined,
          durationMinutes: i.duration,
        });
        return { touchedThread: true, alsoTouched: touchedMessageIds };
      }),
    ),
});

/** Blacklist the sender and delete everything they have waiting. */
export const distrustPendingSender = defineAction({
  name: 'distrustPendingSender',
  permission: 'moderation.act',
  input: SenderInput,
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'pending',
        `distrust sender (${i.scope})`,
        async (client, item) => {
          const { touchedMessageIds } = await decideSenderTrust(client, i.siteId, 'distrust', {
            bmUserId: item.senderId,
            threadId: i.scope === 'thread' ? item.threadId : undefined,
            durationMinutes: i.duration,
          });
          return { touchedThread: true, alsoTouched: touchedMessageIds };
        },
        // A hold on the sender; the messages it deleted are named with it.
        {
          kind: 'hold',
          minutes: i.duration,
          alsoMessages: (effect) => (effect?.alsoTouched ?? []).filter((id) => id !== i.messageId),
        },
        auditOf(ctx),
      ),
    ),
});

'use server';

import { defineAction } from '@/lib/infra/actions/define-action';
import { decide } from '@/lib/services/queues/decide';
import { approveAct, rejectAct } from '@/lib/services/queues/queue-decisions';
import { decideSenderTrust } from '@/lib/services/users/trust';
import { QueueItemInput, queueAudit, revalidateDesk, SenderInput } from '@/lib/services/queues/action-input';

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
  run: async (i, { member }) =>
    revalidateDesk(await decide(i, member, 'pending', 'reject', rejectAct(i, member.id))),
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
  run: async (i, { member }) =>
    revalidateDesk(
      await decide(i, member, 'pending', `distrust sender (${i.scope})`, async (client, item) => {
        const { touchedMessageIds } = await decideSenderTrust(client, i.siteId, 'distrust', {
          bmUserId: item.senderId,
          threadId: i.scope === 'thread' ? item.threadId : undefined,
          durationMinutes: i.duration,
        });
        return { touchedThread: true, alsoTouched: touchedMessageIds };
      }),
    ),
});

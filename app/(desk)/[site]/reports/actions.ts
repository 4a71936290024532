'use server';

import { z } from 'zod';
import { addToList, banUser, muteUser } from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { clearReports, decide } from '@/lib/services/queues/decide';
import { deleteReportedAct, dismissAct } from '@/lib/services/queues/queue-decisions';
import { durationMinutes } from '@/lib/infra/actions/fields';
import { QueueItemInput, queueAudit, revalidateDesk } from '@/lib/services/queues/action-input';

/** Support may dismiss: it clears noise and destroys nothing. */
export const dismissReports = defineAction({
  name: 'dismissReports',
  permission: 'reports.dismiss',
  input: QueueItemInput,
  audit: queueAudit,
  run: async (i, { member }) => revalidateDesk(await decide(i, member, 'report', 'dismiss', dismissAct(i))),
});

export const deleteReportedMessage = defineAction({
  name: 'deleteReportedMessage',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ banMinutes: durationMinutes.optional() }),
  audit: queueAudit,
  run: async (i, { member }) =>
    revalidateDesk(
      await decide(
        i,
        member,
        'report',
        i.banMinutes ? 'delete + ban sender' : 'delete',
        deleteReportedAct(i, member.id),
      ),
    ),
});

export const banReportedSender = defineAction({
  name: 'banReportedSender',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ duration: durationMinutes }),
  audit: queueAudit,
  run: async (i, { member }) =>
    revalidateDesk(
      await decide(i, member, 'report', 'ban sender from thread', async (client, item) => {
        await banUser(client, item.threadId, item.senderId, i.duration);
        await clearReports(client, i.messageId, item);
        return { touchedThread: true };
      }),
    ),
});

export const muteReportedSender = defineAction({
  name: 'muteReportedSender',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ duration: durationMinutes }),
  audit: queueAudit,
  run: async (i, { member }) =>
    revalidateDesk(
      await decide(i, member, 'report', 'mute sender', async (client, item) => {
        await muteUser(client, item.threadId, item.senderId, i.duration);
        await clearReports(client, i.messageId, item);
        return { touchedThread: true };
      }),
    ),
});

/** Their future messages wait for approval, everywhere or in this thread. */
export const blacklistReportedSender = defineAction({
  name: 'blacklistReportedSender',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ scope: z.enum(['global', 'thread']), duration: durationMinutes.optional() }),
  audit: queueAudit,
  run: async (i, { member }) =>
    revalidateDesk(
      await decide(i, member, 'report', `hold sender's messages (${i.scope})`, async (client, item) => {
        await addToList(client, 'blacklist', {
          bmUserId: item.senderId,
          threadId: i.scope === 'thread' ? item.threadId : undefined,
          durationMinutes: i.duration,
        });
        await clearReports(client, i.messageId, item);
      }),
    ),
});

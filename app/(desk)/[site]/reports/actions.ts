'use server';

import { z } from 'zod';
import { addToList, banUser, muteUser } from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { clearReports } from '@/lib/services/queues/decide';
import { deleteReportedAct, dismissAct } from '@/lib/services/queues/queue-decisions';
import { decideWithReason } from '@/lib/services/queues/record';
import { durationMinutes } from '@/lib/infra/actions/fields';
import { QueueItemInput, queueAudit, revalidateDesk } from '@/lib/services/queues/action-input';

/** This call's audit row, for the decision's record (null where the action wrapper gives none). */
const auditOf = (ctx: object) => (ctx as { auditId?: number | null }).auditId ?? null;

/**
 * Support may dismiss: it clears noise and destroys nothing. `contentOk`: the message itself is
 * fine, so BM Desk dismisses its later reports at once.
 */
export const dismissReports = defineAction({
  name: 'dismissReports',
  permission: 'reports.dismiss',
  input: QueueItemInput.extend({ contentOk: z.boolean().optional() }),
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'report',
        i.contentOk ? 'dismiss: content is OK' : 'dismiss',
        dismissAct(i),
        { kind: 'dismiss', reporters: 'kept', contentOk: i.contentOk },
        auditOf(ctx),
      ),
    ),
});

export const deleteReportedMessage = defineAction({
  name: 'deleteReportedMessage',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ banMinutes: durationMinutes.optional() }),
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'report',
        i.banMinutes ? 'delete + ban sender' : 'delete',
        deleteReportedAct(i, ctx.member.id),
        { kind: 'delete', reporters: 'acted' },
        auditOf(ctx),
      ),
    ),
});

export const banReportedSender = defineAction({
  name: 'banReportedSender',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ duration: durationMinutes }),
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'report',
        'ban sender from thread',
        async (client, item) => {
          await banUser(client, item.threadId, item.senderId, i.duration);
          await clearReports(client, i.messageId, item);
          return { touchedThread: true };
        },
        { kind: 'ban', minutes: i.duration, reporters: 'acted' },
        auditOf(ctx),
      ),
    ),
});

export const muteReportedSender = defineAction({
  name: 'muteReportedSender',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ duration: durationMinutes }),
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'report',
        'mute sender',
        async (client, item) => {
          await muteUser(client, item.threadId, item.senderId, i.duration);
          await clearReports(client, i.messageId, item);
          return { touchedThread: true };
        },
        { kind: 'mute', minutes: i.duration, reporters: 'acted' },
        auditOf(ctx),
      ),
    ),
});

/** Their future messages wait for approval, everywhere or in this thread. */
export const blacklistReportedSender = defineAction({
  name: 'blacklistReportedSender',
  permission: 'moderation.act',
  input: QueueItemInput.extend({ scope: z.enum(['global', 'thread']), duration: durationMinutes.optional() }),
  audit: queueAudit,
  run: async (i, ctx) =>
    revalidateDesk(
      await decideWithReason(
        i,
        ctx.member,
        'report',
        `hold sender's messages (${i.scope})`,
        async (client, item) => {
          await addToList(client, 'blacklist', {
            bmUserId: item.senderId,
            threadId: i.scope === 'thread' ? item.threadId : undefined,
            durationMinutes: i.duration,
          });
          await clearReports(client, i.messageId, item);
        },
        { kind: 'hold', minutes: i.duration, reporters: 'acted' },
        auditOf(ctx),
      ),
    ),
});

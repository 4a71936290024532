'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  approveMessage,
  blacklistAndDeleteAllPending,
  deleteMessagesSiteWide,
  whitelistAndApproveAll,
} from '@/lib/better-messages';
import { defineAction } from '@/lib/actions/define-action';
import { ActionRefusal } from '@/lib/actions/result';
import { decide } from '@/lib/queues/decide';
import { pendingIdsOfSender } from '@/lib/queues/queries';
import { durationMinutes } from '../threads/duration';

const id = z.coerce.number().int().positive();
const Item = z.object({ siteId: id, messageId: id, reason: z.string().trim().max(500).optional() });
const Sender = Item.extend({ scope: z.enum(['global', 'thread']), duration: durationMinutes.optional() });

const audit = (i: z.infer<typeof Item> & Record<string, unknown>) => {
  const { siteId, messageId, ...params } = i;
  return { siteId, target: { messageId }, params };
};

const done = <T>(r: T) => {
  revalidatePath('/[site]', 'layout');
  return r;
};

export const approvePendingMessage = defineAction({
  name: 'approvePendingMessage',
  permission: 'moderation.act',
  input: Item,
  audit,
  run: async (i, { member }) =>
    done(
      await decide(i, member, 'pending', 'approve', async (client) => {
        if (!(await approveMessage(client, i.messageId))) {
          throw new ActionRefusal('The site did not approve the message.', 'not-approved');
        }
      }),
    ),
});

export const rejectPendingMessage = defineAction({
  name: 'rejectPendingMessage',
  permission: 'moderation.act',
  input: Item,
  audit,
  run: async (i, { member }) =>
    done(
      await decide(i, member, 'pending', 'reject', (client) =>
        deleteMessagesSiteWide(client, [i.messageId]).then(() => undefined),
      ),
    ),
});

/** Whitelist the sender and approve everything they have waiting. */
export const trustPendingSender = defineAction({
  name: 'trustPendingSender',
  permission: 'moderation.act',
  input: Sender,
  audit,
  run: async (i, { member }) =>
    done(
      await decide(i, member, 'pending', `trust sender (${i.scope})`, async (client, item) => {
        const alsoTouched = await pendingIdsOfSender(i.siteId, item.senderId);
        await whitelistAndApproveAll(client, {
          bmUserId: item.senderId,
          threadId: i.scope === 'thread' ? item.threadId : undefined,
          durationMinutes: i.duration,
        });
        return { touchedThread: true, alsoTouched };
      }),
    ),
});

/** Blacklist the sender and delete everything they have waiting. */
export const distrustPendingSender = defineAction({
  name: 'distrustPendingSender',
  permission: 'moderation.act',
  input: Sender,
  audit,
  run: async (i, { member }) =>
    done(
      await decide(i, member, 'pending', `distrust sender (${i.scope})`, async (client, item) => {
        const alsoTouched = await pendingIdsOfSender(i.siteId, item.senderId);
        await blacklistAndDeleteAllPending(client, {
          bmUserId: item.senderId,
          threadId: i.scope === 'thread' ? item.threadId : undefined,
          durationMinutes: i.duration,
        });
        return { touchedThread: true, alsoTouched };
      }),
    ),
});

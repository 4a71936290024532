'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  addParticipants,
  banUser,
  changeSubject,
  clearMessagesRound,
  deleteThreadMessages,
  eraseThread,
  muteUser,
  removeParticipant,
  setModerator,
  unbanUser,
  unmuteUser,
} from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { siteClient } from '@/lib/services/sites/site-client';
import { loadOlder } from '@/lib/services/threads/load-thread';
import { durationMinutes } from '@/lib/infra/actions/fields';

const id = z.coerce.number().int().positive();
const bmUserId = z.coerce
  .number()
  .int()
  .refine((n) => n !== 0, 'Choose a user.');
const reason = z.string().trim().max(500).optional();
const onThread = z.object({ siteId: id, threadId: id });

/** After an action the index shows what the moderator just did, not the state before it. */
async function refresh(siteId: number, threadId: number, erased = false) {
  if (!erased) {
    await refreshThread(siteId, threadId).catch((err: Error) =>
      console.error(`[threads] index refresh of thread ${threadId} failed: ${err.message}`),
    );
  }
  revalidatePath('/[site]/threads', 'layout');
}

const UserInThread = onThread.extend({ bmUserId, reason });
const TimedUserInThread = UserInThread.extend({ duration: durationMinutes });
type UserInput = z.infer<typeof UserInThread> & { duration?: number; moderator?: boolean };

function auditUser({ siteId, threadId, bmUserId: user, reason: why, ...rest }: UserInput) {
  return { siteId, target: { threadId, bmUserId: user }, params: { ...rest, reason: why } };
}

/** One call on the site about one user in one thread, then the index refresh. */
function userAction<S extends typeof UserInThread | typeof TimedUserInThread>(
  name: string,
  input: S,
  call: (client: Awaited<ReturnType<typeof siteClient>>, i: z.infer<S>) => Promise<unknown>,
) {
  return defineAction({
    name,
    permission: 'moderation.act',
    input,
    audit: (i) => auditUser(i as UserInput),
    run: async (i) => {
      const { siteId, threadId } = i as UserInput;
      await call(await siteClient(siteId), i as z.infer<S>);
      await refresh(siteId, threadId);
      return null;
    },
  });
}

export const banUserInThread = userAction('banUserInThread', TimedUserInThread, (c, i) =>
  banUser(c, i.threadId, i.bmUserId, i.duration),
);

export const unbanUserInThread = userAction('unbanUserInThread', UserInThread, (c, i) =>
  unbanUser(c, i.threadId, i.bmUserId),
);

export const muteUserInThread = userAction('muteUserInThread', TimedUserInThread, (c, i) =>
  muteUser(c, i.threadId, i.bmUserId, i.duration),
);

export const unmuteUserInThread = userAction('unmuteUserInThread', UserInThread, (c, i) =>
  unmuteUser(c, i.threadId, i.bmUserId),
);

export const removeParticipantFromThread = userAction('removeParticipantFromThread', UserInThread, (c, i) =>
  removeParticipant(c, i.threadId, i.bmUserId),
);

export const makeThreadModerator = userAction('makeThreadModerator', UserInThread, (c, i) =>
  setModerator(c, i.threadId, i.bmUserId, true),
);

export const unmakeThreadModerator = userAction('unmakeThreadModerator', UserInThread, (c, i) =>
  setModerator(c, i.threadId, i.bmUserId, false),
);

export const addParticipantsToThread = defineAction({
  name: 'addParticipantsToThread',
  permission: 'moderation.act',
  input: onThread.extend({
    bmUserIds: z.array(bmUserId).min(1, 'Choose at least one user.').max(50),
    reason,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadId: i.threadId, bmUserIds: i.bmUserIds },
    params: { reason: i.reason },
  }),
  run: async (i) => {
    await addParticipants(await siteClient(i.siteId), i.threadId, i.bmUserIds);
    await refresh(i.siteId, i.threadId);
    return null;
  },
});

export const changeThreadSubject = defineAction({
  name: 'changeThreadSubject',
  permission: 'moderation.act',
  input: onThread.extend({ subject: z.string().trim().min(1, 'Enter a subject.').max(200), reason }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadId: i.threadId },
    params: { subject: i.subject, reason: i.reason },
  }),
  run: async (i) => {
    await changeSubject(await siteClient(i.siteId), i.threadId, i.subject);
    await refresh(i.siteId, i.threadId);
    return null;
  },
});

export const deleteThreadMessagesAction = defineAction({
  name: 'deleteThreadMessages',
  permission: 'moderation.act',
  input: onThread.extend({ messageIds: z.array(id).min(1, 'Select messages.').max(200), reason }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadId: i.threadId, messageIds: i.messageIds },
    params: { reason: i.reason },
  }),
  run: async (i) => {
    const result = await deleteThreadMessages(await siteClient(i.siteId), i.threadId, i.messageIds);
    await refresh(i.siteId, i.threadId);
    return result;
  },
});

/** One round of clearing (the plugin deletes 50 per call); the page loops with a progress bar. */
export const clearThreadMessagesRound = defineAction({
  name: 'clearThreadMessages',
  permission: 'moderation.act',
  input: onThread.extend({ reason }),
  audit: (i) => ({ siteId: i.siteId, target: { threadId: i.threadId }, params: { reason: i.reason } }),
  run: async (i) => {
    const remaining = await clearMessagesRound(await siteClient(i.siteId), i.threadId);
    if (remaining === 0) await refresh(i.siteId, i.threadId);
    return { remaining };
  },
});

export const eraseThreadAction = defineAction({
  name: 'eraseThread',
  permission: 'moderation.act',
  input: onThread.extend({ reason }),
  audit: (i) => ({ siteId: i.siteId, target: { threadId: i.threadId }, params: { reason: i.reason } }),
  run: async (i) => {
    await eraseThread(await siteClient(i.siteId), i.threadId);
    await refreshThread(i.siteId, i.threadId).catch(() => undefined);
    await refresh(i.siteId, i.threadId, true);
    return null;
  },
});

/** Older messages for the thread view's scroll-back, sanitized like the first page. */
export const loadOlderMessages = defineAction({
  name: 'loadOlderMessages',
  permission: 'desk.read',
  input: onThread.extend({ loaded: z.array(id).min(1).max(5000) }),
  run: async (i) => loadOlder(await siteClient(i.siteId), i.siteId, i.threadId, i.loaded),
});

'use server';

import { z } from 'zod';
import {
  addParticipants,
  changeSubject,
  deleteThreadMessages as deleteMessagesOnSite,
  eraseThread as eraseThreadOnSite,
  removeParticipant,
  setModerator,
} from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { bmUserId, id, reason } from '@/lib/infra/actions/fields';
import { prepareImageRemoval, prepareThreadImageRemoval } from '@/lib/services/care/removed';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { siteClient } from '@/lib/services/sites/site-client';
import { sendersOf } from '@/lib/services/threads/decision-subjects';
import { loadOlder } from '@/lib/services/threads/load-thread';
import {
  OnThread,
  refreshAfterAction,
  UserInThread,
  userInThreadAction,
} from '@/lib/services/threads/user-in-thread';

// Bans and mutes, which other desks take too, are in lib/services/threads/actions.ts.

export const removeParticipantFromThread = userInThreadAction(
  'removeParticipantFromThread',
  UserInThread,
  (c, i) => removeParticipant(c, i.threadId, i.bmUserId),
);

export const makeThreadModerator = userInThreadAction('makeThreadModerator', UserInThread, (c, i) =>
  setModerator(c, i.threadId, i.bmUserId, true),
);

export const unmakeThreadModerator = userInThreadAction('unmakeThreadModerator', UserInThread, (c, i) =>
  setModerator(c, i.threadId, i.bmUserId, false),
);

export const addParticipantsToThread = defineAction({
  name: 'addParticipantsToThread',
  permission: 'moderation.act',
  input: OnThread.extend({
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
    await refreshAfterAction(i.siteId, i.threadId);
    return null;
  },
});

export const changeThreadSubject = defineAction({
  name: 'changeThreadSubject',
  permission: 'moderation.act',
  input: OnThread.extend({ subject: z.string().trim().min(1, 'Enter a subject.').max(200), reason }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadId: i.threadId },
    params: { subject: i.subject, reason: i.reason },
  }),
  run: async (i) => {
    await changeSubject(await siteClient(i.siteId), i.threadId, i.subject);
    await refreshAfterAction(i.siteId, i.threadId);
    return null;
  },
});

export const deleteThreadMessages = defineAction({
  name: 'deleteThreadMessages',
  permission: 'moderation.act',
  input: OnThread.extend({
    messageIds: z.array(id).min(1, 'Select messages.').max(200),
    ...reasonFields,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadId: i.threadId, messageIds: i.messageIds },
    params: { reason: i.reason, reasonId: i.reasonId, notify: i.notify },
  }),
  run: async (i, { member, auditId }) => {
    const why = decisionReason(i);
    await resolveReason(i.siteId, why.reasonId);
    // Read before the call: the index forgets deleted messages.
    const senders = await sendersOf(i.siteId, i.messageIds);
    const images = await prepareImageRemoval(i.siteId, i.messageIds);
    const result = await deleteMessagesOnSite(await siteClient(i.siteId), i.threadId, i.messageIds);
    await images.record(result.deletedIds, member.id);
    // One decision per person whose messages went.
    for (const s of senders) {
      const deleted = s.messageIds.filter((m) => result.deletedIds.includes(m));
      if (deleted.length === 0) continue;
      await recordDecision({
        siteId: i.siteId,
        kind: 'delete',
        subject: { bmUserId: s.bmUserId, name: s.name },
        threadIds: [i.threadId],
        messageIds: deleted,
        ...why,
        actor: { memberId: member.id, name: member.name },
        auditId,
      });
    }
    await refreshAfterAction(i.siteId, i.threadId);
    return result;
  },
});

export const eraseThread = defineAction({
  name: 'eraseThread',
  permission: 'moderation.act',
  input: OnThread.extend({ reason }),
  audit: (i) => ({ siteId: i.siteId, target: { threadId: i.threadId }, params: { reason: i.reason } }),
  run: async (i, { member }) => {
    const images = await prepareThreadImageRemoval(i.siteId, i.threadId);
    await eraseThreadOnSite(await siteClient(i.siteId), i.threadId);
    await images.record(images.messageIds, member.id);
    await refreshThread(i.siteId, i.threadId).catch(() => undefined);
    await refreshAfterAction(i.siteId, i.threadId, true);
    return null;
  },
});

/** Older messages for the thread view's scroll-back, sanitized like the first page. */
export const loadOlderMessages = defineAction({
  name: 'loadOlderMessages',
  permission: 'desk.read',
  input: OnThread.extend({ loaded: z.array(id).min(1).max(5000) }),
  run: async (i) => loadOlder(await siteClient(i.siteId), i.siteId, i.threadId, i.loaded),
});

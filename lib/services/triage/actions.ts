'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id } from '@/lib/infra/actions/fields';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { deleteView, saveView } from './catalogue';
import { TRIAGE_STATUSES } from './constants';
import {
  OnConversation,
  auditConversation,
  conversationChange,
  revalidateInbox,
} from './conversation-change';
import { addConversation, threadIndexed } from './conversations';

// The triage actions more than one desk takes: the inbox list (on a site and across sites) and
// the thread view's "Add to inbox". The conversation's own are in its desk's actions.ts.

/** Puts a thread in the support inbox by hand. */
export const addThreadToInbox = defineAction({
  name: 'addThreadToInbox',
  permission: 'triage.act',
  input: OnConversation,
  audit: (i) => auditConversation(i),
  run: async (i, { member }) => {
    if (!(await threadIndexed(i.siteId, i.threadId))) {
      throw new ActionRefusal('The index does not know this thread yet.', 'not-indexed');
    }
    const added = await addConversation(i.siteId, i.threadId, member);
    revalidateInbox();
    return { added };
  },
});

export const setConversationStatus = conversationChange(
  'setConversationStatus',
  OnConversation.extend({
    status: z.enum(TRIAGE_STATUSES),
    /** Snooze length from now, in minutes (at most 90 days). */
    snoozeMinutes: z.coerce.number().int().min(1).max(129_600).optional(),
  }),
  (i) => ({
    kind: 'status',
    status: i.status,
    snoozedUntil: i.snoozeMinutes ? new Date(Date.now() + i.snoozeMinutes * 60_000) : undefined,
  }),
);

export const assignConversation = conversationChange(
  'assignConversation',
  // '' or 0 unassigns.
  OnConversation.extend({
    assigneeId: z.union([z.literal('').transform(() => 0), z.coerce.number().int().min(0)]),
  }),
  (i) => ({ kind: 'assignee', assigneeId: i.assigneeId || null }),
);

export const labelConversation = conversationChange(
  'labelConversation',
  OnConversation.extend({
    labelId: id,
    add: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  }),
  (i) => ({ kind: 'label', labelId: i.labelId, add: i.add }),
);

export const saveInboxView = defineAction({
  name: 'saveInboxView',
  permission: 'triage.act',
  input: z.object({
    siteId: z.union([z.literal('').transform(() => null), id]),
    name: z.string().trim().min(1, 'Name the view.').max(60),
    shared: z
      .union([z.boolean(), z.enum(['on', 'true', 'false']).transform((v) => v !== 'false')])
      .default(false),
    query: z.string().max(2000),
  }),
  audit: (i) => ({ siteId: i.siteId ?? undefined, params: { name: i.name, shared: i.shared } }),
  run: async (i, { member }) => {
    const viewId = await saveView({ memberId: member.id, ...i, query: i.query.replace(/^\?/, '') });
    revalidateInbox();
    return { id: viewId };
  },
});

export const deleteInboxView = defineAction({
  name: 'deleteInboxView',
  permission: 'triage.act',
  input: z.object({ viewId: id }),
  audit: (i) => ({ target: { viewId: i.viewId } }),
  run: async (i, { member }) => {
    if (!(await deleteView(member.id, i.viewId))) {
      throw new ActionRefusal('Only the member who saved a view can delete it.', 'not-yours');
    }
    revalidateInbox();
    return null;
  },
});

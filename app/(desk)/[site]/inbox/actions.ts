'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { saveView, deleteView } from '@/lib/services/triage/catalogue';
import { TRIAGE_PRIORITIES, TRIAGE_STATUSES } from '@/lib/services/triage/constants';
import {
  addConversation,
  changeConversation,
  threadIndexed,
  type ConversationChange,
} from '@/lib/services/triage/conversations';
import { addNote } from '@/lib/services/triage/notes';
import { replyAsSupport } from '@/lib/services/triage/reply';

const id = z.coerce.number().int().positive();
const onConversation = z.object({ siteId: id, threadId: id });

/** Every inbox page and the desk's sidebar counts show triage state. */
function revalidateInbox() {
  revalidatePath('/', 'layout');
}

function audit(i: z.infer<typeof onConversation>, params: Record<string, unknown> = {}) {
  return { siteId: i.siteId, target: { threadId: i.threadId }, params };
}

function change<S extends typeof onConversation>(
  name: string,
  input: S,
  toChange: (i: z.infer<S>, memberId: number) => ConversationChange,
) {
  return defineAction({
    name,
    permission: 'triage.act',
    input,
    audit: (i) => {
      const { siteId, threadId, ...rest } = i as z.infer<S>;
      return audit({ siteId, threadId }, rest);
    },
    run: async (i, { member }) => {
      const { siteId, threadId } = i as z.infer<S>;
      await changeConversation(siteId, threadId, toChange(i as z.infer<S>, member.id), member);
      revalidateInbox();
      return null;
    },
  });
}

export const addThreadToInbox = defineAction({
  name: 'addThreadToInbox',
  permission: 'triage.act',
  input: onConversation,
  audit: (i) => audit(i),
  run: async (i, { member }) => {
    if (!(await threadIndexed(i.siteId, i.threadId))) {
      throw new ActionRefusal('The index does not know this thread yet.', 'not-indexed');
    }
    const added = await addConversation(i.siteId, i.threadId, member);
    revalidateInbox();
    return { added };
  },
});

export const setConversationStatus = change(
  'setConversationStatus',
  onConversation.extend({
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

export const setConversationPriority = change(
  'setConversationPriority',
  onConversation.extend({ priority: z.enum(TRIAGE_PRIORITIES) }),
  (i) => ({ kind: 'priority', priority: i.priority }),
);

export const assignConversation = change(
  'assignConversation',
  // '' or 0 unassigns.
  onConversation.extend({
    assigneeId: z.union([z.literal('').transform(() => 0), z.coerce.number().int().min(0)]),
  }),
  (i) => ({ kind: 'assignee', assigneeId: i.assigneeId || null }),
);

export const setConversationTeam = change(
  'setConversationTeam',
  onConversation.extend({ team: z.string().trim().max(60) }),
  (i) => ({ kind: 'team', team: i.team || null }),
);

export const labelConversation = change(
  'labelConversation',
  onConversation.extend({
    labelId: id,
    add: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
  }),
  (i) => ({ kind: 'label', labelId: i.labelId, add: i.add }),
);

export const addTriageNote = defineAction({
  name: 'addTriageNote',
  permission: 'triage.act',
  input: onConversation.extend({ body: z.string().trim().min(1, 'Write a note.').max(5000) }),
  // The note stays out of the audit log: it may hold what the user confided.
  audit: (i) => audit(i, { length: i.body.length }),
  run: async (i, { member }) => {
    const r = await addNote(i.siteId, i.threadId, i.body, member);
    revalidateInbox();
    return r;
  },
});

export const replyToConversation = defineAction({
  name: 'replyToConversation',
  permission: 'triage.act',
  input: onConversation.extend({
    supportAccountId: id,
    text: z.string().trim().min(1, 'Write a reply.').max(20_000),
  }),
  audit: (i) => audit(i, { supportAccountId: i.supportAccountId, length: i.text.length }),
  run: async (i, { member }) => {
    const r = await replyAsSupport({ ...i, member });
    revalidateInbox();
    return r;
  },
});

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

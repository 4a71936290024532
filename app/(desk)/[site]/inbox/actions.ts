'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id } from '@/lib/infra/actions/fields';
import { TRIAGE_PRIORITIES } from '@/lib/services/triage/constants';
import {
  OnConversation,
  auditConversation,
  conversationChange,
  revalidateInbox,
} from '@/lib/services/triage/conversation-change';
import { addNote } from '@/lib/services/triage/notes';
import { replyAsSupport } from '@/lib/services/triage/reply';

// The conversation's own actions; those the inbox list takes too are in lib/services/triage/actions.ts.

export const setConversationPriority = conversationChange(
  'setConversationPriority',
  OnConversation.extend({ priority: z.enum(TRIAGE_PRIORITIES) }),
  (i) => ({ kind: 'priority', priority: i.priority }),
);

export const setConversationTeam = conversationChange(
  'setConversationTeam',
  OnConversation.extend({ team: z.string().trim().max(60) }),
  (i) => ({ kind: 'team', team: i.team || null }),
);

export const addTriageNote = defineAction({
  name: 'addTriageNote',
  permission: 'triage.act',
  input: OnConversation.extend({ body: z.string().trim().min(1, 'Write a note.').max(5000) }),
  // The note stays out of the audit log: it may hold what the user confided.
  audit: (i) => auditConversation(i, { length: i.body.length }),
  run: async (i, { member }) => {
    const r = await addNote(i.siteId, i.threadId, i.body, member);
    revalidateInbox();
    return r;
  },
});

export const replyToConversation = defineAction({
  name: 'replyToConversation',
  permission: 'triage.act',
  input: OnConversation.extend({
    supportAccountId: id,
    text: z.string().trim().min(1, 'Write a reply.').max(20_000),
  }),
  audit: (i) => auditConversation(i, { supportAccountId: i.supportAccountId, length: i.text.length }),
  run: async (i, { member }) => {
    const r = await replyAsSupport({ ...i, member });
    revalidateInbox();
    return r;
  },
});

import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id } from '@/lib/infra/actions/fields';
import { changeConversation, type ConversationChange } from './conversations';

export const OnConversation = z.object({ siteId: id, threadId: id });

/** Every inbox page and the desk's sidebar counts show triage state. */
export function revalidateInbox() {
  revalidatePath('/', 'layout');
}

export function auditConversation(i: z.infer<typeof OnConversation>, params: Record<string, unknown> = {}) {
  return { siteId: i.siteId, target: { threadId: i.threadId }, params };
}

/**
 * An action that changes one conversation's triage state. The ones the inbox list takes (on a
 * site and across sites) are in lib/services/triage/actions.ts; the conversation's own stay with it.
 */
export function conversationChange<S extends typeof OnConversation>(
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
      return auditConversation({ siteId, threadId }, rest);
    },
    run: async (i, { member }) => {
      const { siteId, threadId } = i as z.infer<S>;
      await changeConversation(siteId, threadId, toChange(i as z.infer<S>, member.id), member);
      revalidateInbox();
      return null;
    },
  });
}

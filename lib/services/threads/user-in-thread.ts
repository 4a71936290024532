import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { bmUserId, durationMinutes, id, reason } from '@/lib/infra/actions/fields';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { OverrideFields } from '@/lib/services/policy/override';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { siteClient } from '@/lib/services/sites/site-client';
import { endsAfter, personName } from './decision-subjects';

export const OnThread = z.object({ siteId: id, threadId: id });
export const UserInThread = OnThread.extend({ bmUserId, reason });
/**
 * Bans and mutes: a protected person needs an override with its reason (lib/services/policy/override.ts);
 * the reason fields (one of the site's reasons, free text, tell the member) make it a recorded decision.
 */
export const TimedUserInThread = UserInThread.extend({
  duration: durationMinutes,
  ...OverrideFields,
  ...reasonFields,
});
type UserInput = z.infer<typeof UserInThread> & { duration?: number; moderator?: boolean };

/** After an action the index shows what the moderator just did, not the state before it. */
export async function refreshAfterAction(siteId: number, threadId: number, erased = false) {
  if (!erased) {
    await refreshThread(siteId, threadId).catch((err: Error) =>
      console.error(`[threads] index refresh of thread ${threadId} failed: ${err.message}`),
    );
  }
  revalidatePath('/[site]/threads', 'layout');
}

function auditUser({ siteId, threadId, bmUserId: user, reason: why, ...rest }: UserInput) {
  return { siteId, target: { threadId, bmUserId: user }, params: { ...rest, reason: why } };
}

/**
 * One call on the site about one user in one thread, then the index refresh. The actions it
 * makes live where their callers are: the thread desk's own, and the bans and mutes that the
 * thread, people and files desks share (lib/services/threads/actions.ts).
 */
export function userInThreadAction<S extends typeof UserInThread | typeof TimedUserInThread>(
  name: string,
  input: S,
  call: (client: Awaited<ReturnType<typeof siteClient>>, i: z.infer<S>) => Promise<unknown>,
  /** A ban or a mute: its reason is checked before the call, the decision recorded after it. */
  decision?: 'ban' | 'mute',
) {
  return defineAction({
    name,
    permission: 'moderation.act',
    input,
    audit: (i) => auditUser(i as UserInput),
    run: async (i, { member, auditId }) => {
      const { siteId, threadId, bmUserId: who } = i as UserInput;
      const why = decision ? decisionReason(i as z.infer<typeof TimedUserInThread>) : null;
      if (why) await resolveReason(siteId, why.reasonId);
      await call(await siteClient(siteId), i as z.infer<S>);
      if (decision && why) {
        await recordDecision({
          siteId,
          kind: decision,
          subject: { bmUserId: who, name: await personName(siteId, who) },
          threadIds: [threadId],
          ...why,
          actor: { memberId: member.id, name: member.name },
          auditId,
          endsAt: endsAfter((i as UserInput).duration),
        });
      }
      await refreshAfterAction(siteId, threadId);
      return null;
    },
  });
}

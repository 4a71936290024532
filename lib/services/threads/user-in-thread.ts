import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { bmUserId, durationMinutes, id, reason } from '@/lib/infra/actions/fields';
import { OverrideFields } from '@/lib/services/policy/override';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { siteClient } from '@/lib/services/sites/site-client';

export const OnThread = z.object({ siteId: id, threadId: id });
export const UserInThread = OnThread.extend({ bmUserId, reason });
/** Bans and mutes: a protected person needs an override with its reason (lib/services/policy/override.ts). */
export const TimedUserInThread = UserInThread.extend({ duration: durationMinutes, ...OverrideFields });
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
) {
  return defineAction({
    name,
    permission: 'moderation.act',
    input,
    audit: (i) => auditUser(i as UserInput),
    run: async (i) => {
      const { siteId, threadId } = i as UserInput;
      await call(await siteClient(siteId), i as z.infer<S>);
      await refreshAfterAction(siteId, threadId);
      return null;
    },
  });
}

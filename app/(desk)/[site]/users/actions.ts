'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  bmUserIdToGuestId,
  BmApiError,
  deleteGuests,
  getGuest,
  removeFromList,
} from '@/lib/infra/better-messages';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { guardProtected, OverrideFields } from '@/lib/services/policy/override';
import { endsAfter } from '@/lib/services/threads/decision-subjects';
import { refreshMessages } from '@/lib/services/site-index/refresh';
import { siteClient } from '@/lib/services/sites/site-client';
import { startJob } from '@/lib/services/jobs/start';
import { getUser } from '@/lib/services/site-index/queries/users';
import { everywhereThreads, type RestrictionKind } from '@/lib/services/users/everywhere';
import { decideSenderTrust, type TrustDecision } from '@/lib/services/users/trust';
import { durationMinutes } from '@/lib/infra/actions/fields';
import { plural } from '@/lib/infra/format/plural';

const id = z.coerce.number().int().positive();
const bmUserId = z.coerce
  .number()
  .int()
  .refine((n) => n !== 0, 'Choose a user.');
const reason = z.string().trim().max(500).optional();
const OnUser = z.object({ siteId: id, bmUserId, reason });

const EverywhereJob = OnUser;
/** Ban and mute: a protected person needs an override with its reason; the reason fields make it a decision. */
const TimedEverywhereJob = OnUser.extend({ duration: durationMinutes, ...OverrideFields, ...reasonFields });
type Everywhere = z.infer<typeof EverywhereJob> & {
  duration?: number;
  override?: boolean;
  overrideReason?: string;
  reasonId?: number;
  notify?: boolean;
  notifyShown?: boolean;
};

const VERB: Record<RestrictionKind, string> = { ban: 'Ban', mute: 'Mute', unban: 'Unban', unmute: 'Unmute' };

/** After a change the desk's pages (counts, lists) are stale. */
const revalidateDesk = () => revalidatePath('/[site]', 'layout');

/**
 * "… everywhere": starts a durable job over the person's threads, as the server knows them now
 * (their threads for a ban or mute, their bans or mutes in force to lift), and answers its id.
 * The server runs it (lib/services/jobs/runner.ts) whether or not the page stays open; each
 * thread is audited on its own under the thread page's action name, with the job's id.
 */
function everywhere(
  name: string,
  kind: RestrictionKind,
  input: typeof EverywhereJob | typeof TimedEverywhereJob,
) {
  return defineAction({
    name,
    permission: 'moderation.act',
    input,
    audit: (i) => {
      const { siteId, bmUserId: who, duration, reason: why, override, overrideReason } = i as Everywhere;
      const { reasonId, notify } = i as Everywhere;
      return {
        siteId,
        target: { bmUserId: who },
        params: {
          duration,
          reason: why,
          ...(reasonId ? { reasonId, notify } : {}),
          ...(override ? { override, overrideReason } : {}),
        },
      };
    },
    run: async (i, { member, auditId }) => {
      const { siteId, bmUserId: who, duration, reason: why } = i as Everywhere;
      const decided = kind === 'ban' || kind === 'mute' ? decisionReason(i as Everywhere) : null;
      if (decided) await resolveReason(siteId, decided.reasonId);
      if (kind === 'ban' || kind === 'mute') await guardProtected(siteId, who, i as Everywhere);
      const threads = await everywhereThreads(siteId, who, kind);
      if (threads.length === 0) throw new ActionRefusal('There is no thread to work on.', 'no-threads');
      const person = (await getUser(siteId, who))?.name ?? `User #${who}`;
      const timed = kind === 'ban' || kind === 'mute';
      const jobId = await startJob({
        siteId,
        kind: 'restrictEverywhere',
        label: `${VERB[kind]} ${person} in ${plural(threads.length, 'thread')}`,
        params: { bmUserId: who, kind, ...(timed ? { duration } : {}), reason: why },
        items: threads.map((t) => ({ key: String(t.id), label: t.subject?.trim() || `Thread #${t.id}` })),
        member,
      });
      // One decision for the person, over every thread the job covers (the notice says so).
      if (decided && (kind === 'ban' || kind === 'mute')) {
        await recordDecision({
          siteId,
          kind,
          subject: { bmUserId: who, name: person },
          threadIds: threads.map((t) => t.id),
          ...decided,
          actor: { memberId: member.id, name: member.name },
          auditId,
          endsAt: endsAfter(duration),
        });
      }
      return { jobId, total: threads.length };
    },
  });
}

export const banUserEverywhere = everywhere('banUserEverywhere', 'ban', TimedEverywhereJob);
export const unbanUserEverywhere = everywhere('unbanUserEverywhere', 'unban', EverywhereJob);
export const muteUserEverywhere = everywhere('muteUserEverywhere', 'mute', TimedEverywhereJob);
export const unmuteUserEverywhere = everywhere('unmuteUserEverywhere', 'unmute', EverywhereJob);

const TrustInput = OnUser.extend({
  threadId: id.optional(),
  duration: durationMinutes.optional(),
});

function trustAction(name: string, decision: TrustDecision) {
  return defineAction({
    name,
    permission: 'moderation.act',
    input: TrustInput,
    audit: (i) => ({
      siteId: i.siteId,
      target: { bmUserId: i.bmUserId, threadId: i.threadId },
      params: { scope: i.threadId ? 'thread' : 'global', duration: i.duration, reason: i.reason },
    }),
    run: async (i) => {
      const { touchedMessageIds, count } = await decideSenderTrust(
        await siteClient(i.siteId),
        i.siteId,
        decision,
        {
          bmUserId: i.bmUserId,
          threadId: i.threadId,
          durationMinutes: i.duration,
        },
      );
      await refreshMessages(i.siteId, touchedMessageIds).catch((e: Error) =>
        console.error(`[users] index refresh after ${name} failed: ${e.message}`),
      );
      revalidateDesk();
      return { count };
    },
  });
}

/** Whitelist, and approve everything they have waiting. */
export const trustSiteUser = trustAction('trustSiteUser', 'trust');
/** Blacklist, and delete everything they have waiting. */
export const distrustSiteUser = trustAction('distrustSiteUser', 'distrust');

export const removeSiteUserListEntry = defineAction({
  name: 'removeSiteUserListEntry',
  permission: 'moderation.act',
  input: OnUser.extend({ list: z.enum(['whitelist', 'blacklist']), threadId: id.optional() }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { bmUserId: i.bmUserId, threadId: i.threadId },
    params: { list: i.list, reason: i.reason },
  }),
  run: async (i) => {
    await removeFromList(await siteClient(i.siteId), i.list, { bmUserId: i.bmUserId, threadId: i.threadId });
    revalidateDesk();
    return null;
  },
});

/** The plugin deletes guest accounts only, and answers nothing: we ask again to know. */
export const deleteGuestAccount = defineAction({
  name: 'deleteGuestAccount',
  permission: 'moderation.act',
  input: OnUser.extend({ bmUserId: bmUserId.refine((n) => n < 0, 'Only guest accounts can be deleted.') }),
  audit: (i) => ({ siteId: i.siteId, target: { bmUserId: i.bmUserId }, params: { reason: i.reason } }),
  run: async (i) => {
    const client = await siteClient(i.siteId);
    const guestId = bmUserIdToGuestId(i.bmUserId);
    await deleteGuests(client, [guestId]);
    const still = await getGuest(client, guestId).then(
      () => true,
      (err: unknown) => {
        if (err instanceof BmApiError && err.code === 'guest_not_found') return false;
        throw err;
      },
    );
    if (still) throw new ActionRefusal('The site kept the guest account.', 'not-deleted');
    revalidateDesk();
    return null;
  },
});

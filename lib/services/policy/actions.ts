'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { bmUserId, durationMinutes, id } from '@/lib/infra/actions/fields';
import type { Member } from '@/lib/infra/auth/members';
import { getSiteById } from '@/lib/services/sites/queries';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { resolveReason } from '@/lib/services/decisions/record';
import { STANDING_KINDS } from './schema';
import { markProtected, unmarkProtected } from './protected';
import {
  createStandingDecision,
  extendStandingDecision,
  liftStandingDecision,
  type PolicyActor,
} from './standing';

/**
 * Standing decisions and protected accounts, taken by hand (admins and owners; moderators see
 * them). Rules take standing decisions through the same service with a rule as the actor.
 */

const reasonText = z.string().trim().max(500);
const actorOf = (m: Member): PolicyActor => ({ member: { id: m.id, email: m.email, role: m.role } });
const revalidateDesk = () => revalidatePath('/[site]', 'layout');
/** Empty: until lifted. */
const endsIn = z.preprocess(
  (v) => (v === '' || v === null || v === '0' ? undefined : v),
  durationMinutes.optional(),
);
const endsAtOf = (minutes: number | undefined) => (minutes ? new Date(Date.now() + minutes * 60_000) : null);

async function requireSite(siteId: number) {
  if (!(await getSiteById(siteId))) {
    throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  }
}

/** Site ban, site mute or hold: applied at once everywhere and kept by the sync until it ends. */
export const takeStandingDecision = defineAction({
  name: 'takeStandingDecision',
  permission: 'policy.manage',
  input: z
    .object({
      siteId: id,
      bmUserId,
      kind: z.enum(STANDING_KINDS),
      endsInMinutes: endsIn,
      holdMessages: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false),
      ...reasonFields,
    })
    // A picked reason or the moderator's words: one of them is kept with the decision.
    .refine((i) => Boolean(i.reasonId || i.reason), {
      path: ['reason'],
      message: 'Say why (pick a reason or write one): it is kept with the decision.',
    }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { bmUserId: i.bmUserId },
    params: {
      kind: i.kind,
      endsInMinutes: i.endsInMinutes,
      holdMessages: i.holdMessages,
      reason: i.reason,
      ...(i.reasonId ? { reasonId: i.reasonId, notify: i.notify } : {}),
    },
  }),
  run: async (i, { member, auditId }) => {
    await requireSite(i.siteId);
    const why = decisionReason(i);
    const picked = await resolveReason(i.siteId, why.reasonId);
    const result = await createStandingDecision(
      {
        siteId: i.siteId,
        bmUserId: i.bmUserId,
        kind: i.kind,
        endsAt: endsAtOf(i.endsInMinutes),
        holdMessages: i.holdMessages,
        reason: (why.freeText ?? picked?.title ?? '').slice(0, 500),
      },
      actorOf(member),
      { decision: { ...why, actorName: member.name, auditId } },
    );
    revalidateDesk();
    return result;
  },
});

/** Ends a decision now; everything it applied is lifted (what fails is retried by the sync). */
export const liftStandingDecisionNow = defineAction({
  name: 'liftStandingDecisionNow',
  permission: 'policy.manage',
  input: z.object({ siteId: id, decisionId: id, reason: reasonText.optional() }),
  audit: (i) => ({ siteId: i.siteId, target: { decisionId: i.decisionId }, params: { reason: i.reason } }),
  run: async (i, { member }) => {
    const result = await liftStandingDecision(i.decisionId, actorOf(member), i.reason ?? '', {
      siteId: i.siteId,
    });
    revalidateDesk();
    return result;
  },
});

/** A new end, counted from now (empty: until lifted). */
export const extendStandingDecisionEnd = defineAction({
  name: 'extendStandingDecisionEnd',
  permission: 'policy.manage',
  input: z.object({ siteId: id, decisionId: id, endsInMinutes: endsIn }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { decisionId: i.decisionId },
    params: { endsInMinutes: i.endsInMinutes ?? null },
  }),
  run: async (i, { member }) => {
    await extendStandingDecision(i.decisionId, endsAtOf(i.endsInMinutes), actorOf(member), {
      siteId: i.siteId,
    });
    revalidateDesk();
    return null;
  },
});

export const markAccountProtected = defineAction({
  name: 'markAccountProtected',
  permission: 'policy.manage',
  input: z.object({ siteId: id, bmUserId, reason: reasonText.min(1, 'Say why they are protected.') }),
  audit: (i) => ({ siteId: i.siteId, target: { bmUserId: i.bmUserId }, params: { reason: i.reason } }),
  run: async (i, { member }) => {
    await requireSite(i.siteId);
    await markProtected(i.siteId, i.bmUserId, i.reason, member.id);
    revalidateDesk();
    return null;
  },
});

export const unmarkAccountProtected = defineAction({
  name: 'unmarkAccountProtected',
  permission: 'policy.manage',
  input: z.object({ siteId: id, bmUserId, reason: reasonText.optional() }),
  audit: (i) => ({ siteId: i.siteId, target: { bmUserId: i.bmUserId }, params: { reason: i.reason } }),
  run: async (i) => {
    if (!(await unmarkProtected(i.siteId, i.bmUserId))) {
      throw new ActionRefusal('This person was not marked protected.', 'not-marked');
    }
    revalidateDesk();
    return null;
  },
});

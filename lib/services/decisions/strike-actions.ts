'use server';

/**
 * A warning from the person page: the first step of most ladders. It exists only as BM Desk's
 * statement of reasons and its notice, so it is always a strike (notices off: the strike says why
 * the member was not told).
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { bmUserId, id } from '@/lib/infra/actions/fields';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getUserNames } from '@/lib/services/site-index/queries/user-names';
import { getSiteById } from '@/lib/services/sites/queries';
import { reasonFields } from './fields';
import { recordDecision, resolveReason } from './record';

export const warnSiteUser = defineAction({
  name: 'warnSiteUser',
  permission: 'moderation.act',
  input: z.object({
    siteId: id.max(2_147_483_647),
    bmUserId: bmUserId.refine((n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER, 'Choose a user.'),
    reasonId: reasonFields.reasonId,
    reason: reasonFields.reason,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { bmUserId: i.bmUserId },
    params: { reasonId: i.reasonId, reason: i.reason },
  }),
  run: async (i, { member, auditId }) => {
    if (!(await getSiteById(i.siteId))) {
      throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
    }
    const reason = await resolveReason(i.siteId, i.reasonId);
    if (!reason && !i.reason?.trim()) {
      throw new ActionRefusal('Pick a reason or say why in your own words.', 'no-reason', {
        reasonId: ['Pick a reason or write one.'],
      });
    }
    const names = await getUserNames(i.siteId, [i.bmUserId]);
    const recorded = await recordDecision({
      siteId: i.siteId,
      kind: 'warning',
      subject: { bmUserId: i.bmUserId, name: names.get(i.bmUserId)?.name ?? null },
      reasonId: reason?.id ?? null,
      freeText: i.reason ?? null,
      notify: true,
      actor: { memberId: member.id, name: member.name },
      auditId,
      waitForNotice: true,
    });
    revalidatePath('/[site]', 'layout');
    return {
      decisionId: recorded.decisionId,
      notice: recorded.notice ? { status: recorded.notice.status, error: recorded.notice.error } : null,
    };
  },
});

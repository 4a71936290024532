'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id } from '@/lib/infra/actions/fields';
import { siteClient } from '@/lib/services/sites/site-client';
import { decideAppeal, type AppealOutcome } from './appeals';
import { decisionReason, reasonFields } from './fields';

// Upholding or overturning an appeal: a decision of its own, with a reason, taken once.

const OnAppeal = z.object({ siteId: id, threadId: id, appealId: id, ...reasonFields });

function appealAction(name: 'upholdAppeal' | 'overturnAppeal', outcome: AppealOutcome) {
  return defineAction({
    name,
    permission: 'moderation.act',
    input: OnAppeal,
    audit: (i) => ({
      siteId: i.siteId,
      target: { appealId: i.appealId, threadId: i.threadId },
      params: { outcome, reasonId: i.reasonId ?? null, reason: i.reason },
    }),
    run: async (i, ctx) => {
      const { member } = ctx;
      // This call's audit row, for the appeal to point at (when the wrapper hands it over).
      const auditId = (ctx as { auditId?: number | null }).auditId ?? null;
      const why = decisionReason(i);
      const { appeal, reversal } = await decideAppeal({
        siteId: i.siteId,
        appealId: i.appealId,
        threadId: i.threadId,
        outcome,
        reasonId: why.reasonId,
        freeText: why.freeText,
        actor: { id: member.id, name: member.name, email: member.email, role: member.role },
        auditId,
        client: () => siteClient(i.siteId),
      });
      revalidatePath('/[site]/inbox', 'layout');
      return { status: appeal.status, reversal };
    },
  });
}

export const upholdAppeal = appealAction('upholdAppeal', 'upheld');
export const overturnAppeal = appealAction('overturnAppeal', 'overturned');

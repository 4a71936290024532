'use server';

/** The messages desk's bulk decisions as one durable job (lib/services/messages/bulk.ts). */
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { durationMinutes, id } from '@/lib/infra/actions/fields';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { startMessagesBulk, startSiteBanSenders } from './bulk';
import { MessagesScope } from './scope';

export const startMessagesBulkJob = defineAction({
  name: 'startMessagesBulkJob',
  permission: 'moderation.act',
  input: z.object({
    siteId: id,
    action: z.enum(['delete', 'approve', 'reject']),
    scope: MessagesScope,
    ...reasonFields,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: i.scope.kind === 'selected' ? { messageIds: i.scope.messageIds } : { search: i.scope.search },
    params: {
      action: i.action,
      scope: i.scope.kind,
      reason: i.reason,
      ...(i.reasonId ? { reasonId: i.reasonId, notify: i.notify } : {}),
    },
  }),
  run: (i, { member, auditId }) =>
    startMessagesBulk(
      { siteId: i.siteId, action: i.action, scope: i.scope, reason: i.reason, decision: decisionReason(i) },
      member,
      auditId,
    ),
});

/** "Site ban the senders" of the chosen rows or of every match: admins and owners (policy.manage). */
export const startSiteBanSendersJob = defineAction({
  name: 'startSiteBanSendersJob',
  permission: 'policy.manage',
  input: z
    .object({
      siteId: id,
      scope: MessagesScope,
      kind: z.enum(['ban', 'mute', 'hold']),
      /** Empty or absent: until lifted. */
      endsInMinutes: z.preprocess(
        (v) => (v === '' || v === null || v === 0 || v === '0' ? undefined : v),
        durationMinutes.optional(),
      ),
      holdMessages: z.boolean().default(false),
      reason: z.string().trim().max(500).optional(),
      reasonId: reasonFields.reasonId,
      notify: reasonFields.notify,
      notifyShown: reasonFields.notifyShown,
    })
    // A picked reason or the moderator's words: one of them is kept with each decision.
    .refine((i) => Boolean(i.reasonId || i.reason), {
      path: ['reason'],
      message: 'Say why (pick a reason or write one): it is kept with each decision.',
    }),
  audit: (i) => ({
    siteId: i.siteId,
    target: i.scope.kind === 'selected' ? { messageIds: i.scope.messageIds } : { search: i.scope.search },
    params: {
      kind: i.kind,
      endsInMinutes: i.endsInMinutes,
      holdMessages: i.holdMessages,
      scope: i.scope.kind,
      reason: i.reason,
    },
  }),
  run: (i, { member }) =>
    startSiteBanSenders(
      {
        siteId: i.siteId,
        scope: i.scope,
        kind: i.kind,
        endsAt: i.endsInMinutes ? new Date(Date.now() + i.endsInMinutes * 60_000) : null,
        holdMessages: i.holdMessages,
        reason: i.reason ?? '',
        reasonId: i.reasonId ?? null,
        notify: decisionReason(i).notify,
      },
      member,
    ),
});

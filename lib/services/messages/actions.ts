'use server';

/** The messages desk's bulk decisions as one durable job (lib/services/messages/bulk.ts). */
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { durationMinutes, id, reason } from '@/lib/infra/actions/fields';
import { startMessagesBulk, startSiteBanSenders } from './bulk';
import { MessagesScope } from './scope';

export const startMessagesBulkJob = defineAction({
  name: 'startMessagesBulkJob',
  permission: 'moderation.act',
  input: z.object({
    siteId: id,
    action: z.enum(['delete', 'approve', 'reject']),
    scope: MessagesScope,
    reason,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: i.scope.kind === 'selected' ? { messageIds: i.scope.messageIds } : { search: i.scope.search },
    params: { action: i.action, scope: i.scope.kind, reason: i.reason },
  }),
  run: (i, { member }) => startMessagesBulk(i, member),
});

/** "Site ban the senders" of the chosen rows or of every match: admins and owners (policy.manage). */
export const startSiteBanSendersJob = defineAction({
  name: 'startSiteBanSendersJob',
  permission: 'policy.manage',
  input: z.object({
    siteId: id,
    scope: MessagesScope,
    kind: z.enum(['ban', 'mute', 'hold']),
    /** Empty or absent: until lifted. */
    endsInMinutes: z.preprocess(
      (v) => (v === '' || v === null || v === 0 || v === '0' ? undefined : v),
      durationMinutes.optional(),
    ),
    holdMessages: z.boolean().default(false),
    reason: z.string().trim().min(1, 'Say why: it is kept with each decision.').max(500),
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
        reason: i.reason,
      },
      member,
    ),
});

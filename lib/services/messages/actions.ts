'use server';

/** The messages desk's bulk decisions as one durable job (lib/services/messages/bulk.ts). */
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { id, reason } from '@/lib/infra/actions/fields';
import { startMessagesBulk } from './bulk';
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

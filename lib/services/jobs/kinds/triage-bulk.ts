/**
 * The support inbox's bulk Assign / Label / Resolve as a durable job on one site, one item per
 * conversation (the key is the thread id). Each is changed and audited as the inbox changes one
 * (assignConversation, labelConversation, setConversationStatus; params carry `job: <id>`), in
 * the name of the member who started the job. A conversation no longer in the inbox ends 'gone'.
 * The changes only set a state, so an item a dead worker left running is simply run again.
 */
import 'server-only';
import { z } from 'zod';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getActiveMember } from '@/lib/infra/auth/members';
import { changeConversation, type ConversationChange } from '@/lib/services/triage/conversations';
import { defineJobKind } from '../kind';
import { auditedItem } from './audited-item';
import { threadIdOf } from './thread-bulk';

export const TriageBulkParams = z.discriminatedUnion('change', [
  z.object({ change: z.literal('assign'), assigneeId: z.number().int().positive().nullable() }),
  z.object({ change: z.literal('label'), labelId: z.number().int().positive() }),
  z.object({ change: z.literal('resolve') }),
]);
export type TriageBulkParams = z.infer<typeof TriageBulkParams>;

function perItem(p: TriageBulkParams): {
  action: string;
  params: Record<string, unknown>;
  change: ConversationChange;
} {
  switch (p.change) {
    case 'assign':
      return {
        action: 'assignConversation',
        params: { assigneeId: p.assigneeId ?? 0 },
        change: { kind: 'assignee', assigneeId: p.assigneeId },
      };
    case 'label':
      return {
        action: 'labelConversation',
        params: { labelId: p.labelId, add: true },
        change: { kind: 'label', labelId: p.labelId, add: true },
      };
    case 'resolve':
      return {
        action: 'setConversationStatus',
        params: { status: 'resolved' },
        change: { kind: 'status', status: 'resolved' },
      };
  }
}

export const triageBulkKind = defineJobKind<TriageBulkParams>({
  kind: 'triageBulk',
  parseParams: (raw) => TriageBulkParams.parse(raw),
  async run(ctx, item) {
    const threadId = threadIdOf(item.key);
    const member = ctx.member ? await getActiveMember(ctx.member.id) : null;
    if (!member) {
      throw new ActionRefusal('The member who started this job can no longer act.', 'member-gone');
    }
    const { action, params, change } = perItem(ctx.params);
    try {
      await auditedItem(action, member, { siteId: ctx.siteId, target: { threadId }, params }, ctx.jobId, () =>
        changeConversation(ctx.siteId, threadId, change, member),
      );
    } catch (err) {
      if (err instanceof ActionRefusal && err.code === 'not-in-inbox') {
        return { status: 'gone', error: err.message };
      }
      throw err;
    }
    return { status: 'done' };
  },
});

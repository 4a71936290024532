/**
 * The messages desk's bulk decisions as a durable job. `delete`: one item per message (the key is
 * the message id), each read on the site first (one deleted meanwhile ends 'gone'), deleted
 * site-wide with its images kept as removed images, audited as `deleteMessages` (params carry
 * `job: <id>`). `site-ban`: one item per distinct sender (the key is `sender:<bmUserId>`), each a
 * standing decision of lib/services/policy, audited as `takeStandingDecision` (the single
 * decision's name), one already standing ending 'gone'. Approve and reject of
 * pending messages go through the queues' own kind (`queueBulk`).
 */
import 'server-only';
import { z } from 'zod';
import { deleteMessagesSiteWide, getAdminMessagesByIds } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getActiveMember } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { refreshMessages } from '@/lib/services/site-index/refresh';
import { defineJobKind, type ItemOutcome, type JobContext } from '../kind';
import { auditedItem } from './audited-item';
import { messageExists } from './files-bulk';

export const MessagesBulkParams = z.discriminatedUnion('action', [
  z.object({ action: z.literal('delete'), reason: z.string().max(500).optional() }),
  z.object({
    action: z.literal('site-ban'),
    kind: z.enum(['ban', 'mute', 'hold']),
    /** ISO instant, or null for "until lifted". */
    endsAt: z.iso.datetime().nullable(),
    holdMessages: z.boolean(),
    reason: z.string().min(1).max(500),
    /** The reason picked for each sender's decision, and "tell the member" (absent: the reason's default). */
    reasonId: z.number().int().positive().optional(),
    notify: z.boolean().optional(),
    /** The moderator's own words for the notice (absent in older jobs: the reason above). */
    freeText: z.string().max(4000).nullable().optional(),
  }),
]);
export type MessagesBulkParams = z.infer<typeof MessagesBulkParams>;

function senderOf(key: string): number {
  const m = /^sender:(-?\d{1,10})$/.exec(key);
  const id = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(id) || id === 0) throw new Error(`Not a sender: "${key}".`);
  return id;
}

function messageIdOf(key: string): number {
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`Not a message id: "${key}".`);
  return id;
}

async function deleteOne(ctx: JobContext<MessagesBulkParams>, key: string) {
  const messageId = messageIdOf(key);
  const client = ctx.site.client;
  const { rows } = await getAdminMessagesByIds(client, [messageId]);
  const row = rows.find((r) => r.id === messageId);
  if (row) {
    const images = await prepareImageRemoval(ctx.siteId, [messageId]);
    await auditedItem(
      'deleteMessages',
      ctx.member,
      {
        siteId: ctx.siteId,
        target: { messageIds: [messageId], threadId: row.thread_id, bmUserId: row.sender.bmUserId },
        params: { reason: ctx.params.reason },
      },
      ctx.jobId,
      () => deleteMessagesSiteWide(client, [messageId]),
    );
    ctx.called?.();
    await images.record([messageId], ctx.member?.id ?? null);
  }
  await refreshMessages(ctx.site, [messageId]).catch((e: Error) =>
    console.error(`[jobs] index refresh after deleting message ${messageId} failed: ${e.message}`),
  );
  return row
    ? ({ status: 'done' } as const)
    : ({ status: 'gone', error: 'The message no longer exists.' } as const);
}

async function siteBanOne(ctx: JobContext<MessagesBulkParams>, key: string): Promise<ItemOutcome> {
  const p = ctx.params;
  if (p.action !== 'site-ban') throw new Error('Not a site ban job.');
  const bmUserId = senderOf(key);
  const member = ctx.member ? await getActiveMember(ctx.member.id) : null;
  if (!member) {
    throw new ActionRefusal(
      'The member who started this job no longer has an active account: nothing was decided.',
      'member-gone',
    );
  }
  if (!can(member.role, 'policy.manage')) {
    throw new ActionRefusal(`Your role (${member.role}) is not allowed to site-ban people.`, 'forbidden');
  }
  const actor = { member: { id: member.id, email: member.email, role: member.role } };
  // Loaded when used: the policy service starts jobs itself (jobs → kinds → policy → jobs).
  const { createStandingDecision } = await import('@/lib/services/policy/standing');
  try {
    await auditedItem(
      'takeStandingDecision',
      ctx.member,
      {
        siteId: ctx.siteId,
        target: { bmUserId },
        params: { kind: p.kind, endsAt: p.endsAt, holdMessages: p.holdMessages, reason: p.reason },
      },
      ctx.jobId,
      () =>
        createStandingDecision(
          {
            siteId: ctx.siteId,
            bmUserId,
            kind: p.kind,
            endsAt: p.endsAt ? new Date(p.endsAt) : null,
            holdMessages: p.holdMessages,
            reason: p.reason,
          },
          actor,
          {
            client: ctx.site.client,
            decision: {
              reasonId: p.reasonId ?? null,
              freeText: p.freeText !== undefined ? p.freeText : p.reason,
              notify: p.notify,
              actorName: member.name,
            },
          },
        ),
    );
  } catch (err) {
    // Already standing: nothing to add (the words name the decision to extend).
    if (err instanceof ActionRefusal && err.code === 'already-standing') {
      return { status: 'gone', error: err.message };
    }
    throw err;
  }
  return { status: 'done' };
}

export const messagesBulkKind = defineJobKind<MessagesBulkParams>({
  kind: 'messagesBulk',
  parseParams: (raw) => MessagesBulkParams.parse(raw),
  run: (ctx, item) => (ctx.params.action === 'delete' ? deleteOne(ctx, item.key) : siteBanOne(ctx, item.key)),
  async verify(ctx, item) {
    if (ctx.params.action === 'delete') {
      return (await messageExists(ctx.site.client, messageIdOf(item.key))) ? 'redo' : 'done';
    }
    // Run again: a decision the lost run made is found by the policy service and ends 'gone'.
    return 'redo';
  },
});

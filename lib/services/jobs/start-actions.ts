'use server';

import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { bmUserId, durationMinutes, id, reason } from '@/lib/infra/actions/fields';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { getDb } from '@/lib/infra/db/client';
import { plural } from '@/lib/infra/format/plural';
import { indexAttachments, indexMessages, indexThreads, indexUsers } from '@/lib/services/site-index/schema';
import { decisionReason, reasonFields } from '@/lib/services/decisions/fields';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';
import { endsAfter } from '@/lib/services/threads/decision-subjects';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { guardProtected, OverrideFields } from '@/lib/services/policy/override';
import { bulkQueueDecision } from '@/lib/services/queues/queue-decisions';
import { getSiteById } from '@/lib/services/sites/queries';
import { fileMessageKey } from './kinds/files-bulk';
import { startJob } from './start';

/**
 * The actions that start the desks' long bulk actions as durable jobs: the server runs them (the
 * browser may close), each item audited as the single-item page audits it. Every answer is the
 * job's id; the jobs tray shows the rest. Labels come from the index, never from the browser.
 */

const MAX_ITEMS = 10_000;
const LABEL_MAX = 200;

const clip = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);
const jobMember = (m: Member) => ({ id: m.id, email: m.email, role: m.role });

async function requireSite(siteId: number) {
  const site = await getSiteById(siteId);
  if (!site) throw new ActionRefusal('This site is no longer connected to BM Desk.', 'site-not-found');
  return site;
}

async function threadItems(siteId: number, threadIds: number[]) {
  const db = await getDb();
  const rows = await db
    .select({ id: indexThreads.id, subject: indexThreads.subject })
    .from(indexThreads)
    .where(and(eq(indexThreads.siteId, siteId), inArray(indexThreads.id, threadIds)));
  const subjects = new Map(rows.map((r) => [r.id, r.subject?.trim()]));
  return threadIds.map((t) => ({ key: String(t), label: clip(subjects.get(t) || `Thread #${t}`) }));
}

async function personName(siteId: number, bmUser: number) {
  const db = await getDb();
  const [row] = await db
    .select({ name: indexUsers.name })
    .from(indexUsers)
    .where(and(eq(indexUsers.siteId, siteId), eq(indexUsers.id, bmUser)));
  return clip(row?.name?.trim() || `user #${bmUser}`);
}

const ThreadIds = z.array(id).min(1, 'Choose at least one thread.').max(MAX_ITEMS);

/** Threads desk: ban one person from the chosen threads, or erase them. */
export const startThreadBulkJob = defineAction({
  name: 'startThreadBulkJob',
  permission: 'moderation.act',
  input: z.discriminatedUnion('action', [
    z.object({
      action: z.literal('ban'),
      siteId: id,
      threadIds: ThreadIds,
      bmUserId,
      duration: durationMinutes.optional(),
      ...reasonFields,
      ...OverrideFields,
    }),
    z.object({ action: z.literal('erase'), siteId: id, threadIds: ThreadIds, reason }),
    z.object({ action: z.literal('clear'), siteId: id, threadIds: ThreadIds, reason }),
  ]),
  audit: (i) => ({
    siteId: i.siteId,
    target: { threadIds: i.threadIds, ...(i.action === 'ban' ? { bmUserId: i.bmUserId } : {}) },
    params: {
      action: i.action,
      reason: i.reason,
      ...(i.action === 'ban'
        ? { duration: i.duration, override: i.override, overrideReason: i.overrideReason }
        : {}),
    },
  }),
  run: async (i, { member, auditId }) => {
    await requireSite(i.siteId);
    // A protected person (an administrator, a support account…) only with "do it anyway" and why.
    if (i.action === 'ban') await guardProtected(i.siteId, i.bmUserId, i);
    const why = i.action === 'ban' ? decisionReason(i) : null;
    if (why) await resolveReason(i.siteId, why.reasonId);
    const threadIds = [...new Set(i.threadIds)];
    const items = await threadItems(i.siteId, threadIds);
    const count = plural(threadIds.length, 'thread');
    const label =
      i.action === 'ban'
        ? `Ban ${await personName(i.siteId, i.bmUserId)} from ${count}`
        : i.action === 'erase'
          ? `Erase ${count}`
          : threadIds.length === 1
            ? `Clear the messages of “${items[0]!.label}”`
            : `Clear the messages of ${count}`;
    const params =
      i.action === 'ban'
        ? { action: 'ban', bmUserId: i.bmUserId, duration: i.duration, reason: i.reason?.slice(0, 500) }
        : { action: i.action, reason: i.reason };
    const jobId = await startJob({
      siteId: i.siteId,
      kind: 'threadBulk',
      label,
      params,
      items,
      member: jobMember(member),
    });
    // A ban over many threads is one decision about the person, recorded as the job starts.
    if (i.action === 'ban' && why) {
      await recordDecision({
        siteId: i.siteId,
        kind: 'ban',
        subject: { bmUserId: i.bmUserId, name: await personName(i.siteId, i.bmUserId) },
        threadIds,
        ...why,
        actor: { memberId: member.id, name: member.name },
        auditId,
        endsAt: endsAfter(i.duration ?? BAN_UNTIL_LIFTED_MINUTES),
      });
    }
    return { jobId, total: items.length };
  },
});

/** Files desk: delete the messages the chosen files were sent in (a file goes with its message). */
export const startRemoveFilesJob = defineAction({
  name: 'startRemoveFilesJob',
  permission: 'moderation.act',
  input: z.object({
    siteId: id,
    attachmentIds: z.array(id).min(1, 'Choose at least one file.').max(MAX_ITEMS),
    reason,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { attachmentIds: i.attachmentIds },
    params: { reason: i.reason },
  }),
  run: async (i, { member }) => {
    await requireSite(i.siteId);
    const db = await getDb();
    const rows = await db
      .select({
        id: indexAttachments.id,
        messageId: indexAttachments.messageId,
        threadId: indexAttachments.threadId,
        name: indexAttachments.name,
      })
      .from(indexAttachments)
      .where(
        and(
          eq(indexAttachments.siteId, i.siteId),
          inArray(indexAttachments.id, i.attachmentIds),
          isNotNull(indexAttachments.messageId),
        ),
      )
      .orderBy(indexAttachments.messageId, indexAttachments.id);
    const groups = new Map<number, { threadId: number; ids: number[]; names: string[] }>();
    for (const r of rows) {
      const g = groups.get(r.messageId!) ?? { threadId: r.threadId, ids: [], names: [] };
      g.ids.push(r.id);
      g.names.push(r.name ?? `file #${r.id}`);
      groups.set(r.messageId!, g);
    }
    if (groups.size === 0) {
      throw new ActionRefusal(
        'None of these files is in a message the site can delete.',
        'nothing-to-remove',
      );
    }
    const items = [...groups].map(([messageId, g]) => ({
      key: fileMessageKey(g.threadId, messageId),
      label: clip(`${g.names.join(', ')} (message #${messageId})`),
    }));
    const attachments = Object.fromEntries([...groups].map(([messageId, g]) => [String(messageId), g.ids]));
    const jobId = await startJob({
      siteId: i.siteId,
      kind: 'removeFiles',
      label: `Remove ${plural(rows.length, 'file')} (delete ${plural(groups.size, 'message')})`,
      params: { reason: i.reason, attachments },
      items,
      member: jobMember(member),
    });
    return { jobId, total: items.length, files: rows.length };
  },
});

/** A person's page: delete every message of theirs the index knows, one by one, checked on the site. */
export const startDeleteUserMessagesJob = defineAction({
  name: 'startDeleteUserMessagesJob',
  permission: 'moderation.act',
  input: z.object({ siteId: id, bmUserId, ...reasonFields, ...OverrideFields }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { bmUserId: i.bmUserId },
    params: {
      reason: i.reason,
      ...(i.reasonId ? { reasonId: i.reasonId, notify: i.notify } : {}),
      ...(i.override ? { override: true, overrideReason: i.overrideReason } : {}),
    },
  }),
  run: async (i, { member, auditId }) => {
    await requireSite(i.siteId);
    const why = decisionReason(i);
    await resolveReason(i.siteId, why.reasonId);
    await guardProtected(i.siteId, i.bmUserId, i);
    const db = await getDb();
    const rows = await db
      .select({ id: indexMessages.id, threadId: indexMessages.threadId })
      .from(indexMessages)
      .where(and(eq(indexMessages.siteId, i.siteId), eq(indexMessages.senderId, i.bmUserId)))
      .orderBy(indexMessages.id);
    if (rows.length === 0) {
      throw new ActionRefusal('The index knows no message of this person.', 'nothing-to-delete');
    }
    const name = await personName(i.siteId, i.bmUserId);
    const jobId = await startJob({
      siteId: i.siteId,
      kind: 'deleteUserMessages',
      label: `Delete ${plural(rows.length, 'message')} of ${name}`,
      params: { bmUserId: i.bmUserId, reason: i.reason?.slice(0, 500) },
      items: rows.map((r) => ({ key: String(r.id), label: `Message #${r.id} in thread #${r.threadId}` })),
      member: jobMember(member),
    });
    // One decision: every message of theirs the job deletes.
    await recordDecision({
      siteId: i.siteId,
      kind: 'delete',
      subject: { bmUserId: i.bmUserId, name },
      threadIds: [...new Set(rows.map((r) => r.threadId))],
      messageIds: rows.map((r) => r.id),
      ...why,
      actor: { memberId: member.id, name: member.name },
      auditId,
    });
    return { jobId, total: rows.length };
  },
});

const Conversations = z
  .array(z.object({ siteId: id, threadId: id }))
  .min(1, 'Choose at least one conversation.')
  .max(MAX_ITEMS);

/** Support inbox: assign, label or resolve many conversations; one job per site. */
export const startTriageBulkJob = defineAction({
  name: 'startTriageBulkJob',
  permission: 'triage.act',
  input: z.discriminatedUnion('change', [
    z.object({
      change: z.literal('assign'),
      conversations: Conversations,
      // '' or 0 unassigns.
      assigneeId: z.union([z.literal('').transform(() => 0), z.coerce.number().int().min(0)]),
    }),
    z.object({ change: z.literal('label'), conversations: Conversations, labelId: id }),
    z.object({ change: z.literal('resolve'), conversations: Conversations }),
  ]),
  audit: (i) => {
    const siteIds = [...new Set(i.conversations.map((c) => c.siteId))];
    return {
      siteId: siteIds.length === 1 ? siteIds[0] : undefined,
      target: { conversations: i.conversations },
      params: {
        change: i.change,
        ...(i.change === 'assign' ? { assigneeId: i.assigneeId } : {}),
        ...(i.change === 'label' ? { labelId: i.labelId } : {}),
      },
    };
  },
  run: async (i, { member }) => {
    const bySite = new Map<number, number[]>();
    for (const c of i.conversations) bySite.set(c.siteId, [...(bySite.get(c.siteId) ?? []), c.threadId]);
    const params =
      i.change === 'assign'
        ? { change: 'assign', assigneeId: i.assigneeId || null }
        : i.change === 'label'
          ? { change: 'label', labelId: i.labelId }
          : { change: 'resolve' };
    const verb =
      i.change === 'assign'
        ? i.assigneeId
          ? 'Assign'
          : 'Unassign'
        : i.change === 'label'
          ? 'Label'
          : 'Resolve';
    const jobIds: number[] = [];
    for (const [siteId, threadIds] of bySite) {
      const site = await requireSite(siteId);
      const unique = [...new Set(threadIds)];
      const label = `${verb} ${plural(unique.length, 'conversation')}${bySite.size > 1 ? ` on ${site.name}` : ''}`;
      jobIds.push(
        await startJob({
          siteId,
          kind: 'triageBulk',
          label: clip(label),
          params,
          items: await threadItems(siteId, unique),
          member: jobMember(member),
        }),
      );
    }
    return { jobIds, total: i.conversations.length };
  },
});

/**
 * Reports and pending queues: one decision (dismiss or delete; approve or reject) on the chosen
 * messages. Support may dismiss reports; every other decision needs the moderators' permission.
 */
export const startQueueBulkJob = defineAction({
  name: 'startQueueBulkJob',
  permission: 'reports.dismiss',
  input: z.object({
    siteId: id,
    queue: z.enum(['report', 'pending']),
    decision: z.string().trim().min(1).max(40),
    messageIds: z.array(id).min(1, 'Choose at least one message.').max(MAX_ITEMS),
    reason,
  }),
  audit: (i) => ({
    siteId: i.siteId,
    target: { messageIds: i.messageIds },
    params: { queue: i.queue, decision: i.decision, reason: i.reason },
  }),
  run: async (i, { member }) => {
    const d = bulkQueueDecision(i.queue, i.decision);
    if (!can(member.role, d.permission)) {
      throw new ActionRefusal(`Your role (${member.role}) is not allowed to do this.`, 'forbidden');
    }
    await requireSite(i.siteId);
    const messageIds = [...new Set(i.messageIds)];
    const db = await getDb();
    const rows = await db
      .select({ id: indexMessages.id, senderId: indexMessages.senderId, name: indexUsers.name })
      .from(indexMessages)
      .leftJoin(
        indexUsers,
        and(eq(indexUsers.siteId, indexMessages.siteId), eq(indexUsers.id, indexMessages.senderId)),
      )
      .where(and(eq(indexMessages.siteId, i.siteId), inArray(indexMessages.id, messageIds)));
    const senders = new Map(rows.map((r) => [r.id, r.name?.trim() || `user #${r.senderId}`]));
    const items = messageIds.map((m) => ({
      key: String(m),
      label: clip(senders.has(m) ? `#${m} by ${senders.get(m)}` : `Message #${m}`),
    }));
    const jobId = await startJob({
      siteId: i.siteId,
      kind: 'queueBulk',
      label: clip(d.label(plural(items.length, 'message'))),
      params: { queue: i.queue, decision: d.id, reason: i.reason },
      items,
      member: jobMember(member),
    });
    return { jobId, total: items.length };
  },
});

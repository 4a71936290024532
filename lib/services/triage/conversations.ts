/** One conversation's triage state: read it, add a thread by hand, change it with a timeline event. */
import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import { indexThreads } from '@/lib/services/site-index/schema';
import type { TriagePriority, TriageStatus } from './constants';
import {
  triageConversationLabels as cl,
  triageConversations as tc,
  triageEvents,
  triageLabels,
  triageNotes,
} from './schema';

export type ConversationState = typeof tc.$inferSelect & { assigneeName: string | null; labelIds: number[] };

export async function getConversation(siteId: number, threadId: number): Promise<ConversationState | null> {
  const db = await getDb();
  const [row] = await db
    .select({ c: tc, assigneeName: members.name })
    .from(tc)
    .leftJoin(members, eq(members.id, tc.assigneeId))
    .where(and(eq(tc.siteId, siteId), eq(tc.threadId, threadId)));
  if (!row) return null;
  const labels = await db
    .select({ id: cl.labelId })
    .from(cl)
    .where(and(eq(cl.siteId, siteId), eq(cl.threadId, threadId)));
  return { ...row.c, assigneeName: row.assigneeName, labelIds: labels.map((l) => l.id) };
}

/** A member adds a thread to the inbox by hand (it need not have a support account in it). */
export async function addConversation(siteId: number, threadId: number, member: Member): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(tc)
      .values({ siteId, threadId, source: 'manual', status: 'open', addedBy: member.id })
      .onConflictDoNothing()
      .returning({ threadId: tc.threadId });
    if (inserted.length === 0) return false;
    await tx.insert(triageEvents).values({
      siteId,
      threadId,
      memberId: member.id,
      memberName: member.name,
      kind: 'added',
      detail: {},
    });
    return true;
  });
}

export type ConversationChange =
  | { kind: 'status'; status: TriageStatus; snoozedUntil?: Date }
  | { kind: 'priority'; priority: TriagePriority }
  | { kind: 'assignee'; assigneeId: number | null }
  | { kind: 'team'; team: string | null }
  | { kind: 'label'; labelId: number; add: boolean };

/**
 * Applies one change and records it in the conversation's timeline, in one transaction.
 * Refuses (with words a member can act on) when the conversation is not in the inbox.
 */
export async function changeConversation(
  siteId: number,
  threadId: number,
  change: ConversationChange,
  member: Member,
  now = new Date(),
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: tc.status, assigneeId: tc.assigneeId, seenMessageId: tc.seenMessageId })
      .from(tc)
      .where(and(eq(tc.siteId, siteId), eq(tc.threadId, threadId)))
      .for('update');
    if (!current) throw new ActionRefusal('This thread is not in the support inbox.', 'not-in-inbox');
    let detail: Record<string, unknown>;
    const where = and(eq(tc.siteId, siteId), eq(tc.threadId, threadId));
    switch (change.kind) {
      case 'status': {
        if (change.status === 'snoozed' && !(change.snoozedUntil && change.snoozedUntil > now)) {
          throw new ActionRefusal('Choose a time in the future to snooze until.', 'invalid-snooze');
        }
        await tx
          .update(tc)
          .set({
            status: change.status,
            statusChangedAt: now,
            statusSeenMessageId: current.seenMessageId,
            snoozedUntil: change.status === 'snoozed' ? change.snoozedUntil! : null,
            resolvedAt: change.status === 'resolved' ? now : null,
            updatedAt: now,
          })
          .where(where);
        detail = {
          from: current.status,
          to: change.status,
          ...(change.snoozedUntil && change.status === 'snoozed' ? { until: change.snoozedUntil } : {}),
        };
        break;
      }
      case 'priority':
        await tx.update(tc).set({ priority: change.priority, updatedAt: now }).where(where);
        detail = { priority: change.priority };
        break;
      case 'assignee': {
        let name: string | null = null;
        if (change.assigneeId !== null) {
          const [m] = await tx
            .select({ name: members.name, disabled: members.disabled })
            .from(members)
            .where(eq(members.id, change.assigneeId));
          if (!m || m.disabled)
            throw new ActionRefusal('That team member cannot be assigned.', 'bad-assignee');
          name = m.name;
        }
        await tx.update(tc).set({ assigneeId: change.assigneeId, updatedAt: now }).where(where);
        detail = { assigneeId: change.assigneeId, assigneeName: name };
        break;
      }
      case 'team':
        await tx.update(tc).set({ team: change.team, updatedAt: now }).where(where);
        detail = { team: change.team };
        break;
      case 'label': {
        const [label] = await tx.select().from(triageLabels).where(eq(triageLabels.id, change.labelId));
        if (!label) throw new ActionRefusal('That label no longer exists.', 'bad-label');
        if (change.add) {
          await tx.insert(cl).values({ siteId, threadId, labelId: change.labelId }).onConflictDoNothing();
        } else {
          await tx
            .delete(cl)
            .where(and(eq(cl.siteId, siteId), eq(cl.threadId, threadId), eq(cl.labelId, change.labelId)));
        }
        await tx.update(tc).set({ updatedAt: now }).where(where);
        detail = { label: label.name, add: change.add };
        break;
      }
    }
    await tx.insert(triageEvents).values({
      siteId,
      threadId,
      at: now,
      memberId: member.id,
      memberName: member.name,
      kind: change.kind,
      detail,
    });
  });
}

export type TimelineEntry =
  | {
      type: 'event';
      id: string;
      at: string;
      memberName: string | null;
      kind: string;
      detail: Record<string, unknown>;
    }
  | { type: 'note'; id: string; at: string; memberName: string; body: string };

/** BM Desk's side of the conversation: triage events and private notes, oldest first. */
export async function getTriageTimeline(siteId: number, threadId: number): Promise<TimelineEntry[]> {
  const db = await getDb();
  const [events, notes] = await Promise.all([
    db
      .select()
      .from(triageEvents)
      .where(and(eq(triageEvents.siteId, siteId), eq(triageEvents.threadId, threadId)))
      .orderBy(asc(triageEvents.at), asc(triageEvents.id))
      .limit(500),
    db
      .select()
      .from(triageNotes)
      .where(and(eq(triageNotes.siteId, siteId), eq(triageNotes.threadId, threadId)))
      .orderBy(asc(triageNotes.createdAt))
      .limit(500),
  ]);
  return [
    ...events.map((e) => ({
      type: 'event' as const,
      id: `e${e.id}`,
      at: e.at.toISOString(),
      memberName: e.memberName,
      kind: e.kind,
      detail: e.detail,
    })),
    ...notes.map((n) => ({
      type: 'note' as const,
      id: `n${n.id}`,
      at: n.createdAt.toISOString(),
      memberName: n.memberName,
      body: n.body,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

/** Which of these threads are in the inbox (for the threads desk's "Add to inbox" button). */
export async function inInbox(siteId: number, threadIds: number[]): Promise<Set<number>> {
  if (threadIds.length === 0) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ id: tc.threadId })
    .from(tc)
    .where(and(eq(tc.siteId, siteId), inArray(tc.threadId, threadIds)));
  return new Set(rows.map((r) => r.id));
}

/** The index knows this thread (so a hand-added id is a real thread of the site). */
export async function threadIndexed(siteId: number, threadId: number): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`1` })
    .from(indexThreads)
    .where(and(eq(indexThreads.siteId, siteId), eq(indexThreads.id, threadId)));
  return Boolean(row);
}

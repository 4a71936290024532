/**
 * BM Desk's own review queue: the messages rules sent for review ("send to review"), each with the
 * rule named. A moderator keeps the message (it was fine), deletes it (on the site, the way the
 * thread view deletes messages) or dismisses the item (no judgement, out of the queue). An item is
 * taken by one decision only: the second member is told who decided.
 */
import 'server-only';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { deleteThreadMessages } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import { sanitizeMessageHtml } from '@/lib/infra/content/sanitize';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { indexMessages as m, indexThreads as t, indexUsers as u } from '@/lib/services/site-index/schema';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { openSite } from '@/lib/services/sites/open-site';
import { recordDecision, resolveReason, type DecisionReasonInput } from '@/lib/services/decisions/record';
import { reviewItems } from './schema';

export const REVIEW_DECISIONS = ['keep', 'delete', 'dismiss'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewItem {
  id: number;
  messageId: number;
  threadId: number;
  senderId: number;
  senderName: string | null;
  threadSubject: string | null;
  ruleId: number | null;
  ruleName: string | null;
  createdAt: string;
  messageAt: string | null;
  /** Sanitized again here (defence in depth): rendered through MessageBody. */
  html: string | null;
  pending: boolean;
  reportCount: number;
}

export const REVIEW_PAGE = 50;

export async function getReviewQueue(
  siteId: number,
  limit = REVIEW_PAGE,
): Promise<{ items: ReviewItem[]; open: number }> {
  const db = await getDb();
  const r = reviewItems;
  const open = and(eq(r.siteId, siteId), isNull(r.decidedAt));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: r.id,
        messageId: r.messageId,
        threadId: r.threadId,
        senderId: r.senderId,
        senderName: u.name,
        threadSubject: t.subject,
        ruleId: r.ruleId,
        ruleName: r.ruleName,
        createdAt: r.createdAt,
        messageAt: m.createdAt,
        html: m.html,
        pending: sql<boolean>`coalesce(${m.pending}, false)`,
        reportCount: sql<number>`coalesce(${m.reportCount}, 0)`,
      })
      .from(r)
      .leftJoin(m, and(eq(m.siteId, r.siteId), eq(m.id, r.messageId)))
      .leftJoin(u, and(eq(u.siteId, r.siteId), eq(u.id, r.senderId)))
      .leftJoin(t, and(eq(t.siteId, r.siteId), eq(t.id, r.threadId)))
      .where(open)
      .orderBy(asc(r.createdAt), asc(r.id))
      .limit(limit),
    db.select({ n: count() }).from(r).where(open),
  ]);
  return {
    open: total?.n ?? 0,
    items: rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      messageAt: row.messageAt ? row.messageAt.toISOString() : null,
      html: row.html === null ? null : sanitizeMessageHtml(row.html),
    })),
  };
}

async function who(memberId: number | null): Promise<string> {
  if (!memberId) return 'someone';
  const db = await getDb();
  const [row] = await db.select({ name: members.name }).from(members).where(eq(members.id, memberId));
  return row?.name ?? 'someone';
}

/** Takes the item for this decision, or refuses with who decided it first. */
async function claim(siteId: number, itemId: number, member: Member, decision: ReviewDecision) {
  const db = await getDb();
  const r = reviewItems;
  const [taken] = await db
    .update(r)
    .set({ decidedAt: new Date(), decidedBy: member.id, decision })
    .where(and(eq(r.siteId, siteId), eq(r.id, itemId), isNull(r.decidedAt)))
    .returning();
  if (taken) return taken;
  const [row] = await db
    .select()
    .from(r)
    .where(and(eq(r.siteId, siteId), eq(r.id, itemId)));
  if (!row) throw new ActionRefusal('This review item does not exist.', 'not-found');
  throw new ActionRefusal(
    `Already decided: ${await who(row.decidedBy)} chose “${row.decision}” at ${row.decidedAt!.toISOString().slice(11, 16)} UTC.`,
    'already-handled',
  );
}

/** The item in words for the audit log: message, sender and thread (read before deciding). */
export async function reviewItemSubject(siteId: number, itemId: number) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(reviewItems)
    .where(and(eq(reviewItems.siteId, siteId), eq(reviewItems.id, itemId)));
  return row
    ? {
        target: { messageId: row.messageId, threadId: row.threadId, bmUserId: row.senderId },
        rule: row.ruleName ? `rule #${row.ruleId} · ${row.ruleName}` : undefined,
      }
    : { target: { reviewItemId: itemId }, rule: undefined };
}

export async function decideReview(
  siteId: number,
  itemId: number,
  decision: ReviewDecision,
  member: Member,
  /** A deletion's reason (from the site's list, the moderator's words, tell the member). */
  reason: DecisionReasonInput = {},
  auditId: number | null = null,
): Promise<{ messageId: number; threadId: number; decision: ReviewDecision }> {
  // A reason that is not the site's refuses before the item is taken.
  if (decision === 'delete') await resolveReason(siteId, reason.reasonId);
  const item = await claim(siteId, itemId, member, decision);
  if (decision === 'delete') {
    try {
      const site = await openSite(siteId);
      // The thread view's path: its images kept by hash first, then the message deleted on the site.
      const images = await prepareImageRemoval(siteId, [item.messageId]);
      const result = await deleteThreadMessages(site.client, item.threadId, [item.messageId]);
      if (!result.deletedIds.includes(item.messageId)) {
        throw new ActionRefusal(
          result.errors.length
            ? `The site refused: ${result.errors.join(' ')}`
            : `The site did not delete message #${item.messageId}.`,
          'not-deleted',
        );
      }
      await images.record(result.deletedIds, member.id);
      await refreshThread(site, item.threadId).catch((err: Error) =>
        console.error(`[review] index refresh of thread ${item.threadId} failed: ${err.message}`),
      );
    } catch (err) {
      // Back in the queue: the decision did not happen.
      const db = await getDb();
      await db
        .update(reviewItems)
        .set({ decidedAt: null, decidedBy: null, decision: null })
        .where(eq(reviewItems.id, item.id));
      throw err;
    }
    // The statement of reasons, once the site deleted it (a failure here is logged, not undone).
    const db = await getDb();
    const [sender] = await db
      .select({ name: u.name })
      .from(u)
      .where(and(eq(u.siteId, siteId), eq(u.id, item.senderId)));
    await recordDecision({
      siteId,
      kind: 'delete',
      subject: { bmUserId: item.senderId, name: sender?.name ?? null },
      threadIds: [item.threadId],
      messageIds: [item.messageId],
      reasonId: reason.reasonId ?? null,
      freeText: reason.freeText ?? null,
      notify: reason.notify,
      actor: { memberId: member.id, name: member.name },
      auditId,
      queuedAt: item.createdAt,
    }).catch((e: Error) =>
      console.error(`[review] recording the deletion of message ${item.messageId} failed: ${e.message}`),
    );
  }
  return { messageId: item.messageId, threadId: item.threadId, decision };
}

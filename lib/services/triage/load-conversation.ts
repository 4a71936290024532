/** What the conversation page shows besides the thread itself (which comes live from the site). */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { catchUpTriageThrottled } from './catch-up';
import { listCannedReplies, listLabels } from './catalogue';
import { getConversation, getTriageTimeline } from './conversations';
import { getMentionableMembers } from './notes';
import { triageConversations as tc } from './schema';
import { getTargetMinutes, listSupportAccounts } from './support-accounts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function loadConversation(siteId: number, threadId: number) {
  await catchUpTriageThrottled(siteId);
  const conversation = await getConversation(siteId, threadId);
  const [timeline, labels, team, canned, accounts, targetMinutes, neighbours] = await Promise.all([
    getTriageTimeline(siteId, threadId),
    listLabels(),
    getMentionableMembers(),
    listCannedReplies(),
    listSupportAccounts(siteId),
    getTargetMinutes(siteId),
    conversation ? getNeighbours(siteId, conversation) : { previous: null, next: null },
  ]);
  return {
    conversation: conversation && {
      status: conversation.status,
      priority: conversation.priority,
      assigneeId: conversation.assigneeId,
      assigneeName: conversation.assigneeName,
      team: conversation.team,
      labelIds: conversation.labelIds,
      snoozedUntil: iso(conversation.snoozedUntil),
      waitingSince: iso(conversation.waitingSince),
      firstUserMessageAt: iso(conversation.firstUserMessageAt),
      firstResponseAt: iso(conversation.firstResponseAt),
      resolvedAt: iso(conversation.resolvedAt),
      reopenedCount: conversation.reopenedCount,
      source: conversation.source,
    },
    timeline,
    labels,
    team,
    canned,
    accounts,
    targetMinutes,
    neighbours,
    now: Date.now(),
  };
}

export type ConversationData = Awaited<ReturnType<typeof loadConversation>>;

/** The conversations before and after this one in its status's list, by waiting time (for j / k). */
async function getNeighbours(
  siteId: number,
  c: { status: string; threadId: number; waitingSince: Date | null },
): Promise<{ previous: number | null; next: number | null }> {
  const db = await getDb();
  const key = sql`(COALESCE(${tc.waitingSince}, 'infinity'::timestamptz), ${tc.threadId})`;
  const mine = sql`(COALESCE(${c.waitingSince?.toISOString() ?? null}::timestamptz, 'infinity'::timestamptz), ${c.threadId}::bigint)`;
  const base = and(eq(tc.siteId, siteId), eq(tc.status, c.status as 'open'));
  const [next] = await db
    .select({ id: tc.threadId })
    .from(tc)
    .where(and(base, sql`${key} > ${mine}`))
    .orderBy(asc(sql`COALESCE(${tc.waitingSince}, 'infinity'::timestamptz)`), asc(tc.threadId))
    .limit(1);
  const [previous] = await db
    .select({ id: tc.threadId })
    .from(tc)
    .where(and(base, sql`${key} < ${mine}`))
    .orderBy(sql`COALESCE(${tc.waitingSince}, 'infinity'::timestamptz) DESC`, sql`${tc.threadId} DESC`)
    .limit(1);
  return { previous: previous?.id ?? null, next: next?.id ?? null };
}

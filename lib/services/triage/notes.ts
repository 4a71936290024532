/** Private notes with @mentions, and the notifications a mention leaves for a member. */
import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { members, sites } from '@/lib/infra/db/schema';
import { alerts } from '@/lib/services/alerts/schema';
import { indexThreads } from '@/lib/services/site-index/schema';
import { memberNotifications as mn, triageConversations as tc, triageNotes } from './schema';

export type Mentionable = { id: number; name: string };

/** Every member named as `@Full Name` in the text (longest names first, so "@Sam Support" beats "@Sam"). */
export function findMentions(body: string, team: readonly Mentionable[]): number[] {
  const text = body.toLowerCase();
  const found = new Set<number>();
  let rest = text;
  for (const m of [...team].sort((a, b) => b.name.length - a.name.length)) {
    const tag = `@${m.name.toLowerCase()}`;
    if (rest.includes(tag)) {
      found.add(m.id);
      rest = rest.split(tag).join(' ');
    }
  }
  return [...found];
}

export async function getMentionableMembers(): Promise<Mentionable[]> {
  const db = await getDb();
  return db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(eq(members.disabled, false))
    .orderBy(members.name);
}

export async function addNote(
  siteId: number,
  threadId: number,
  body: string,
  author: Member,
): Promise<{ noteId: number; mentioned: number[] }> {
  const db = await getDb();
  const team = await getMentionableMembers();
  const mentioned = findMentions(body, team).filter((id) => id !== author.id);
  return db.transaction(async (tx) => {
    const [inInbox] = await tx
      .select({ id: tc.threadId })
      .from(tc)
      .where(and(eq(tc.siteId, siteId), eq(tc.threadId, threadId)));
    if (!inInbox) throw new ActionRefusal('This thread is not in the support inbox.', 'not-in-inbox');
    const [note] = await tx
      .insert(triageNotes)
      .values({ siteId, threadId, memberId: author.id, memberName: author.name, body, mentions: mentioned })
      .returning({ id: triageNotes.id });
    if (mentioned.length) {
      await tx.insert(mn).values(
        mentioned.map((memberId) => ({
          memberId,
          kind: 'mention' as const,
          siteId,
          threadId,
          noteId: note!.id,
          actorName: author.name,
        })),
      );
    }
    return { noteId: note!.id, mentioned };
  });
}

export async function countUnreadNotifications(memberId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mn)
    .where(and(eq(mn.memberId, memberId), isNull(mn.readAt)));
  return row?.n ?? 0;
}

export async function getNotifications(memberId: number, limit = 100) {
  const db = await getDb();
  return db
    .select({
      id: mn.id,
      kind: mn.kind,
      siteSlug: sites.slug,
      siteName: sites.name,
      threadId: mn.threadId,
      subject: indexThreads.subject,
      actorName: mn.actorName,
      noteBody: triageNotes.body,
      // An alert's own words (kind 'alert').
      alertId: mn.alertId,
      alertKind: alerts.kind,
      alertTitle: alerts.title,
      alertBody: alerts.body,
      alertLink: alerts.link,
      createdAt: mn.createdAt,
      readAt: mn.readAt,
    })
    .from(mn)
    .innerJoin(sites, eq(sites.id, mn.siteId))
    .leftJoin(triageNotes, eq(triageNotes.id, mn.noteId))
    .leftJoin(alerts, eq(alerts.id, mn.alertId))
    .leftJoin(indexThreads, and(eq(indexThreads.siteId, mn.siteId), eq(indexThreads.id, mn.threadId)))
    .where(eq(mn.memberId, memberId))
    .orderBy(desc(mn.createdAt), desc(mn.id))
    .limit(limit);
}

/** Marks the member's own notifications read (all, or the ones given). */
export async function markNotificationsRead(memberId: number, ids?: number[]): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(mn)
    .set({ readAt: new Date() })
    .where(and(eq(mn.memberId, memberId), isNull(mn.readAt), ids?.length ? inArray(mn.id, ids) : undefined))
    .returning({ id: mn.id });
  return rows.length;
}

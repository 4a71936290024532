/**
 * Who a decision is about, from the index: a person's name, and the senders of messages (a
 * delete of several people's messages is one decision per sender). Read before the site is
 * called: the index forgets deleted messages once it refreshes.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';
import { getDb } from '@/lib/infra/db/client';
import { indexMessages, indexUsers } from '@/lib/services/site-index/schema';

export async function personName(siteId: number, bmUserId: number): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ name: indexUsers.name })
    .from(indexUsers)
    .where(and(eq(indexUsers.siteId, siteId), eq(indexUsers.id, bmUserId)));
  return row?.name?.trim() || null;
}

export type SenderGroup = {
  bmUserId: number;
  name: string | null;
  messageIds: number[];
  threadIds: number[];
};

/** The messages grouped by sender (messages the index does not know are left out). */
export async function sendersOf(siteId: number, messageIds: readonly number[]): Promise<SenderGroup[]> {
  if (messageIds.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select({
      id: indexMessages.id,
      threadId: indexMessages.threadId,
      senderId: indexMessages.senderId,
      name: indexUsers.name,
    })
    .from(indexMessages)
    .leftJoin(indexUsers, and(eq(indexUsers.siteId, siteId), eq(indexUsers.id, indexMessages.senderId)))
    .where(and(eq(indexMessages.siteId, siteId), inArray(indexMessages.id, [...new Set(messageIds)])));
  return groupBySender(
    rows.map((r) => ({ id: r.id, threadId: r.threadId, senderId: r.senderId, senderName: r.name })),
  );
}

/** Rows of messages grouped by their sender (sender 0, the system, is nobody). */
export function groupBySender(
  rows: readonly { id: number; threadId: number; senderId: number; senderName?: string | null }[],
): SenderGroup[] {
  const groups = new Map<number, SenderGroup>();
  for (const r of rows) {
    if (r.senderId === 0) continue;
    const g = groups.get(r.senderId) ?? {
      bmUserId: r.senderId,
      name: r.senderName?.trim() || null,
      messageIds: [],
      threadIds: [],
    };
    g.messageIds.push(r.id);
    if (!g.threadIds.includes(r.threadId)) g.threadIds.push(r.threadId);
    groups.set(r.senderId, g);
  }
  return [...groups.values()];
}

/** A ban's or mute's end from its minutes ("until lifted": no end). */
export function endsAfter(minutes: number | undefined, from = Date.now()): Date | null {
  if (!minutes || minutes >= BAN_UNTIL_LIFTED_MINUTES) return null;
  return new Date(from + minutes * 60_000);
}

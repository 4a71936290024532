import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getAdminMessagesByIds, type BmClient } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { queueClaims } from './schema';

export type QueueKind = 'report' | 'pending';

/** The item as the site holds it right now: decisions are made on this, not on the index. */
export async function readLiveItem(client: BmClient, messageId: number) {
  const { rows } = await getAdminMessagesByIds(client, [messageId]);
  const row = rows[0];
  if (!row) return null;
  const reports = row.reports ?? [];
  return {
    threadId: row.thread_id,
    senderId: row.sender.bmUserId,
    senderName: row.sender.name,
    reports,
    aiFlagged: Boolean(row.ai_moderation_flagged),
    pending: Boolean(row.is_pending),
  };
}
export type LiveItem = NonNullable<Awaited<ReturnType<typeof readLiveItem>>>;

/** What a report decision is about: these reporters at these times (a new report reopens it). */
export function reportFingerprint(item: LiveItem): string {
  const parts = item.reports.map((r) => `${r.reporterBmUserId}@${r.time?.local ?? ''}`).sort();
  return `${parts.join(',')}|ai:${item.aiFlagged ? 1 : 0}`;
}

/**
 * Takes the decision on an item for this member, or refuses with who took it. The site was
 * read just before, so an item another moderator already finished is refused too.
 */
export async function claimItem(
  siteId: number,
  kind: QueueKind,
  messageId: number,
  item: LiveItem | null,
  member: Member,
  decision: string,
): Promise<{ release: () => Promise<void> }> {
  const open = item && (kind === 'pending' ? item.pending : item.reports.length > 0 || item.aiFlagged);
  if (!item || !open) {
    const db = await getDb();
    const [last] = await db
      .select()
      .from(queueClaims)
      .where(
        and(eq(queueClaims.siteId, siteId), eq(queueClaims.kind, kind), eq(queueClaims.messageId, messageId)),
      )
      .orderBy(queueClaims.at)
      .limit(1);
    throw new ActionRefusal(
      last
        ? `Already handled: ${last.memberName} chose “${last.decision}” at ${last.at.toISOString().slice(11, 16)} UTC.`
        : item
          ? 'Already handled: this item is no longer open on the site.'
          : 'Already handled: the message no longer exists on the site.',
      'already-handled',
    );
  }
  const fingerprint = kind === 'pending' ? 'pending' : reportFingerprint(item);
  const db = await getDb();
  const inserted = await db
    .insert(queueClaims)
    .values({ siteId, kind, messageId, fingerprint, memberId: member.id, memberName: member.name, decision })
    .onConflictDoNothing()
    .returning({ at: queueClaims.at });
  const key = and(
    eq(queueClaims.siteId, siteId),
    eq(queueClaims.kind, kind),
    eq(queueClaims.messageId, messageId),
    eq(queueClaims.fingerprint, fingerprint),
  );
  if (inserted.length === 0) {
    const [other] = await db.select().from(queueClaims).where(key);
    throw new ActionRefusal(
      `Already handled: ${other?.memberName ?? 'another member'} chose “${other?.decision ?? 'a decision'}” just now.`,
      'already-handled',
    );
  }
  // If the site refuses, the item is still open: let the next decision through.
  const release = async () => {
    await db.delete(queueClaims).where(key);
  };
  return { release };
}

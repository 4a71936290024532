import 'server-only';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getAdminMessagesByIds, type BmClient } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { queueClaims } from './schema';

export type QueueKind = 'report' | 'pending';

/**
 * A claim older than this on an item the site still holds open is a decision that never reached
 * the site (a tab closed mid-send, a release lost): the next member takes it over. Longer than
 * the longest undo window (30 s) and a slow send together.
 */
export const STALE_CLAIM_MS = 2 * 60_000;

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
    // The member's own decision, already on the site (the index had not caught up yet, so the
    // item was still listed): said as done, not as a refusal that puts the item back.
    if (last && last.memberId === member.id) {
      throw new ActionRefusal(
        `You already decided it (“${last.decision}”) at ${last.at.toISOString().slice(11, 16)} UTC; the site has it.`,
        'already-yours',
      );
    }
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
    // The member's own claim, taken when they decided (held for the undo window): now it is sent.
    const own = other?.memberId === member.id;
    const stale = other && !own && Date.now() - other.at.getTime() > STALE_CLAIM_MS;
    const taken =
      own || stale
        ? await db
            .update(queueClaims)
            .set({
              memberId: member.id,
              memberName: member.name,
              decision,
              ...(own ? {} : { at: new Date() }),
            })
            // Still the same holder (and, taken over, still stale). Not `at = other.at`: PostgreSQL
            // keeps microseconds, a JavaScript Date only milliseconds, so that never matches there.
            .where(
              and(
                key,
                eq(queueClaims.memberId, other!.memberId),
                own ? undefined : lt(queueClaims.at, new Date(Date.now() - STALE_CLAIM_MS)),
              ),
            )
            .returning({ at: queueClaims.at })
        : [];
    if (taken.length === 0) {
      throw new ActionRefusal(
        `Already handled: ${other?.memberName ?? 'another member'} chose “${other?.decision ?? 'a decision'}” just now.`,
        'already-handled',
      );
    }
  }
  // If the site refuses, the item is still open: let the next decision through.
  const release = async () => {
    await db.delete(queueClaims).where(key);
  };
  return { release };
}

/**
 * An undone decision gives its item back: the member's own recent claims on it are dropped (a
 * claim kept from a decision that was sent is older than the undo window and stays).
 */
export async function releaseOwnClaim(siteId: number, kind: QueueKind, messageId: number, memberId: number) {
  const db = await getDb();
  const deleted = await db
    .delete(queueClaims)
    .where(
      and(
        eq(queueClaims.siteId, siteId),
        eq(queueClaims.kind, kind),
        eq(queueClaims.messageId, messageId),
        eq(queueClaims.memberId, memberId),
        gt(queueClaims.at, new Date(Date.now() - STALE_CLAIM_MS)),
      ),
    )
    .returning({ at: queueClaims.at });
  return deleted.length;
}

/**
 * Notices: private messages BM Desk sends on the site as the site's moderation account (a
 * support account with its own application password). A notice never blocks what it tells of:
 * it is written first as 'pending', tried, retried once, and ends 'sent', 'failed' (with the
 * site's words) or 'off' (with why notices are off).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { createThread, isBmError, sendMessage } from '@/lib/infra/better-messages';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb } from '@/lib/infra/db/client';
import { replyBody } from '@/lib/services/triage/reply';
import { supportAccountClient } from '@/lib/services/triage/support-accounts';
import type { NoticeKind } from './constants';
import { moderationNotices as n } from './schema';
import { noticeSender } from './settings';

export type Notice = typeof n.$inferSelect;

const RETRY_DELAY_MS = 1000;

/** Writes a notice as pending; `threadId` sends it into an existing thread (an appeal's answer). */
export async function queueNotice(input: {
  siteId: number;
  kind: NoticeKind;
  recipientUserId: number;
  body: string;
  decisionId?: number | null;
  appealId?: number | null;
  threadId?: number | null;
}): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .insert(n)
    .values({
      siteId: input.siteId,
      kind: input.kind,
      recipientUserId: input.recipientUserId,
      body: input.body,
      decisionId: input.decisionId ?? null,
      appealId: input.appealId ?? null,
      threadId: input.threadId ?? null,
    })
    .returning({ id: n.id });
  return row!.id;
}

const siteWords = (err: unknown) =>
  isBmError(err) || err instanceof ActionRefusal ? err.message : 'BM Desk could not reach the site.';

/**
 * Sends one notice (at most two tries). Never throws: the outcome is on the row, and returned.
 * Only a pending notice is sent, so two callers never send it twice.
 */
export async function deliverNotice(
  noticeId: number,
  opts: { retryDelayMs?: number } = {},
): Promise<Notice | null> {
  const db = await getDb();
  // Claim it: pending → (attempts + 1); a concurrent caller finds attempts moved and stops.
  const [notice] = await db.select().from(n).where(eq(n.id, noticeId));
  if (!notice || notice.status !== 'pending') return notice ?? null;
  const sender = await noticeSender(notice.siteId);
  if (sender.state === 'off') {
    const [row] = await db
      .update(n)
      .set({ status: 'off', error: sender.why })
      .where(and(eq(n.id, noticeId), eq(n.status, 'pending')))
      .returning();
    return row ?? null;
  }
  for (let attempt = notice.attempts + 1; attempt <= 2; attempt++) {
    const [claimed] = await db
      .update(n)
      .set({ attempts: attempt })
      .where(and(eq(n.id, noticeId), eq(n.status, 'pending'), eq(n.attempts, attempt - 1)))
      .returning({ id: n.id });
    if (!claimed) return (await db.select().from(n).where(eq(n.id, noticeId)))[0] ?? null;
    try {
      const client = await supportAccountClient(notice.siteId, sender.accountId);
      const message = replyBody(notice.body);
      let threadId = notice.threadId;
      let messageId: number | null = null;
      if (threadId !== null) {
        messageId = (await sendMessage(client, threadId, { message })).message_id;
      } else {
        const created = await createThread(client, {
          recipientBmUserIds: [notice.recipientUserId],
          subject: noticeSubject(notice.kind),
          message,
        });
        threadId = created.threadId;
        messageId = created.messageId ?? null;
      }
      const [row] = await db
        .update(n)
        .set({ status: 'sent', threadId, messageId, sentAt: new Date(), error: null })
        .where(eq(n.id, noticeId))
        .returning();
      return row ?? null;
    } catch (err) {
      const words = siteWords(err);
      if (attempt >= 2) {
        const [row] = await db
          .update(n)
          .set({ status: 'failed', error: words.slice(0, 2000) })
          .where(eq(n.id, noticeId))
          .returning();
        return row ?? null;
      }
      await db
        .update(n)
        .set({ error: words.slice(0, 2000) })
        .where(eq(n.id, noticeId));
      await new Promise((resolve) => setTimeout(resolve, opts.retryDelayMs ?? RETRY_DELAY_MS));
    }
  }
  return (await db.select().from(n).where(eq(n.id, noticeId)))[0] ?? null;
}

/** Sends in the background (a decision never waits for its notice); errors are on the row. */
export function deliverNoticeLater(noticeId: number): void {
  void deliverNotice(noticeId).catch((err: Error) =>
    console.error(`[notices] notice ${noticeId} could not be sent: ${err.message}`),
  );
}

/** Notices left pending (BM Desk stopped while sending): sent by the sync's stride. */
export async function deliverPendingNotices(siteId: number, limit = 20): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: n.id })
    .from(n)
    .where(
      and(eq(n.siteId, siteId), eq(n.status, 'pending'), sql`${n.createdAt} < now() - interval '1 minute'`),
    )
    .limit(limit);
  for (const row of rows) await deliverNotice(row.id);
  return rows.length;
}

function noticeSubject(kind: NoticeKind): string {
  switch (kind) {
    case 'reporter_acted':
    case 'reporter_kept':
      return 'About your report';
    case 'appeal_upheld':
    case 'appeal_overturned':
    case 'appeal_late':
      return 'About your appeal';
    default:
      return 'A moderation decision about your account';
  }
}

/**
 * Thread details the viewer's rows do not carry: type, subject, the full participant and
 * moderator lists, bans and mutes (chat rooms), and the files. Read once per thread the index
 * has seen, and again when a newer message arrives in it.
 */
import { and, eq, notInArray, sql } from 'drizzle-orm';
import {
  BmApiError,
  getThread,
  getThreadAttachments,
  type BmAttachment,
  type BmThread,
  type BmUser,
} from '@/lib/infra/better-messages';
import { withoutNul } from '@/lib/infra/content/sanitize';
import { indexAttachments, indexThreads } from '../schema';
import { upsertUsers } from '../store';
import type { SyncContext } from './context';
import { runSyncHooks } from './hooks';

const GONE_CODES = new Set(['rest_thread_not_exists']);

async function allAttachments(ctx: SyncContext, threadId: number): Promise<BmAttachment[]> {
  const files: BmAttachment[] = [];
  // Without `type` the plugin picks one kind; ask each kind so nothing is left out.
  for (const type of ['photos', 'videos', 'audio', 'files'] as const) {
    for (let page = 1; ctx.running(); page++) {
      const answer = await getThreadAttachments(ctx.client, threadId, { page, perPage: 100, type });
      files.push(...answer.files);
      if (!answer.hasMore || answer.files.length === 0) break;
    }
  }
  return files;
}

async function storeAttachments(ctx: SyncContext, threadId: number, files: BmAttachment[]) {
  const a = indexAttachments;
  const ids = files.map((f) => f.id);
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(a)
      .where(
        and(
          eq(a.siteId, ctx.siteId),
          eq(a.threadId, threadId),
          ids.length ? notInArray(a.id, ids) : undefined,
        ),
      );
    if (files.length === 0) return;
    await tx
      .insert(a)
      .values(
        files.map((f) => ({
          siteId: ctx.siteId,
          id: f.id,
          threadId,
          messageId: f.messageId ?? null,
          name: f.name ? withoutNul(f.name) : null,
          mime: f.mimeType ?? null,
          ext: f.ext ?? null,
          size: f.size ?? null,
          url: f.url,
          thumb: f.thumb ?? null,
          date: f.date?.date ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [a.siteId, a.id],
        set: {
          messageId: sql`excluded.message_id`,
          threadId: sql`excluded.thread_id`,
          name: sql`excluded.name`,
          mime: sql`excluded.mime`,
          ext: sql`excluded.ext`,
          size: sql`excluded.size`,
          url: sql`excluded.url`,
          thumb: sql`excluded.thumb`,
          date: sql`excluded.date`,
        },
      });
    // The uploader is the message's sender, which the index already knows.
    await tx.execute(sql`
      UPDATE site_index_attachments a SET uploader_id = m.sender_id
      FROM site_index_messages m
      WHERE a.site_id = ${ctx.siteId} AND a.thread_id = ${threadId}
        AND m.site_id = a.site_id AND m.id = a.message_id`);
  });
}

export function detailsOf(thread: BmThread) {
  const bans = (thread.restricted?.ban ?? []).map((r) => ({
    bmUserId: r.bmUserId,
    until: r.until.toISOString(),
  }));
  const mutes = (thread.restricted?.mute ?? []).map((r) => ({
    bmUserId: r.bmUserId,
    until: r.until.toISOString(),
  }));
  return {
    type: thread.type,
    subject: withoutNul(thread.subject),
    participants: [...thread.participants].sort((x, y) => x - y),
    moderators: thread.moderators ?? [],
    participantCount: thread.participantsCount,
    bans,
    mutes,
    banCount: bans.length,
    muteCount: mutes.length,
  };
}

/** Reads one thread's details (and files when the index saw any); marks it gone if the site has no such thread. */
export async function syncThreadDetails(ctx: SyncContext, threadId: number): Promise<void> {
  const t = indexThreads;
  const [known] = await ctx.db
    .select({ lastMessageId: t.lastMessageId, attachmentCount: t.attachmentCount })
    .from(t)
    .where(and(eq(t.siteId, ctx.siteId), eq(t.id, threadId)));
  let thread: BmThread | undefined;
  let users: BmUser[] = [];
  try {
    const bundle = await getThread(ctx.client, threadId);
    thread = bundle.threads.find((x) => x.thread_id === threadId);
    users = bundle.users;
  } catch (error) {
    if (!(error instanceof BmApiError && GONE_CODES.has(error.code))) throw error;
  }
  const now = new Date();
  const values = { siteId: ctx.siteId, id: threadId };
  if (!thread) {
    await ctx.db
      .insert(t)
      .values({ ...values, gone: true, detailsSyncedAt: now })
      .onConflictDoUpdate({ target: [t.siteId, t.id], set: { gone: true, detailsSyncedAt: now } });
    return;
  }
  const details = {
    ...detailsOf(thread),
    gone: false,
    detailsSyncedAt: now,
    detailsMessageId: known?.lastMessageId ?? null,
    detailsError: null,
  };
  await upsertUsers(
    ctx.db,
    ctx.siteId,
    users
      .filter((u) => u.bmUserId !== 0)
      .map((u) => ({
        id: u.bmUserId,
        name: withoutNul(u.name),
        avatar: u.avatar || null,
        isGuest: u.bmUserId < 0,
      })),
  );
  await ctx.db
    .insert(t)
    .values({ ...values, ...details })
    .onConflictDoUpdate({ target: [t.siteId, t.id], set: details });
  // No file left in the thread's messages: no call needed to know its list is empty.
  const files = (known?.attachmentCount ?? 0) > 0 ? await allAttachments(ctx, threadId) : [];
  await storeAttachments(ctx, threadId, files);
}

/** Threads never read, or with messages newer than their details; most recent activity first. */
export async function threadDetailsTurn(
  ctx: SyncContext,
  limit: number,
  concurrency: number,
  /** When the next incremental pass is due: details never hold up new messages. */
  until = Infinity,
): Promise<number[]> {
  const t = indexThreads;
  const stale = await ctx.db
    .select({ id: t.id })
    .from(t)
    .where(
      // Word for word the predicate of site_index_threads_details_due, so the planner uses it.
      and(
        eq(t.siteId, ctx.siteId),
        sql`NOT ${t.gone} AND (${t.detailsSyncedAt} IS NULL OR ${t.lastMessageId} > COALESCE(${t.detailsMessageId}, 0))`,
      ),
    )
    .orderBy(sql`${t.lastActivityAt} DESC NULLS LAST`, sql`${t.id} DESC NULLS LAST`)
    .limit(limit);
  const queue = stale.map((s) => s.id);
  const read: number[] = [];
  const lane = async () => {
    // At least one, so details move on even when a pass takes longer than the interval.
    while (ctx.running() && (read.length === 0 || Date.now() < until)) {
      const id = queue.shift();
      if (id === undefined) break;
      await syncThreadDetails(ctx, id);
      read.push(id);
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, lane));
  if (read.length > 0) await runSyncHooks('afterThreadDetails', ctx, read);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return read;
}

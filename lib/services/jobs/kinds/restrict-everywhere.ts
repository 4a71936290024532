/**
 * "Ban / mute / unban / unmute everywhere" as a durable job: one person, one item per thread (the
 * key is the thread id). Each thread is done as the thread page does it: the intent on record
 * before the call, its outcome after, under the same per-thread action names (banUserInThread …,
 * params carry `job: <jobId>`), and the index updated with the site's answer, so the thread pages
 * and the person's restrictions list see what a job did. A thread erased since the job started
 * ends 'gone'. After a crash, `verify` reads the thread from the site before calling again, so a
 * ban is not sent twice.
 */
import 'server-only';
import { z } from 'zod';
import {
  banUser,
  getThread,
  muteUser,
  unbanUser,
  unmuteUser,
  type BmClient,
  type BmThread,
} from '@/lib/infra/better-messages';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import type { Member } from '@/lib/infra/auth/members';
import { recordApplied } from '@/lib/services/policy/applied';
import { storeThreadAnswers } from '@/lib/services/site-index/refresh';
import { defineJobKind } from '../kind';

export const RESTRICTION_KINDS = ['ban', 'unban', 'mute', 'unmute'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const PER_THREAD_ACTION: Record<RestrictionKind, string> = {
  ban: 'banUserInThread',
  unban: 'unbanUserInThread',
  mute: 'muteUserInThread',
  unmute: 'unmuteUserInThread',
};

export interface RestrictInThread {
  siteId: number;
  bmUserId: number;
  threadId: number;
  kind: RestrictionKind;
  /** Minutes; ban and mute only. */
  duration?: number;
  reason?: string;
  /** The standing decision this call applies (audited as `standing: <id>`, recorded for its end). */
  standing?: number;
  /** The rule that took that decision. */
  rule?: { id: number; name: string };
}

function call(client: BmClient, input: RestrictInThread) {
  const { threadId, bmUserId, duration } = input;
  switch (input.kind) {
    case 'ban':
      return banUser(client, threadId, bmUserId, duration);
    case 'mute':
      return muteUser(client, threadId, bmUserId, duration ?? 60);
    case 'unban':
      return unbanUser(client, threadId, bmUserId);
    case 'unmute':
      return unmuteUser(client, threadId, bmUserId);
  }
}

/** The site says the thread no longer exists (erased since the job started). */
export function isThreadGone(err: unknown): boolean {
  const e = err as { code?: unknown; status?: unknown } | null;
  return e?.code === 'rest_thread_not_exists' || (e?.code === undefined && e?.status === 404);
}

/**
 * One thread: the intent on record before the call, its outcome after, the index updated. Throws
 * what the site answered when it refused or failed (the audit entry already says so).
 */
export async function restrictInThread(
  client: BmClient,
  input: RestrictInThread,
  audit: { member: Pick<Member, 'id' | 'email' | 'role'> | null; job: string | number },
  called?: () => void,
): Promise<void> {
  const timed = input.kind === 'ban' || input.kind === 'mute';
  const auditId = await recordIntent(PER_THREAD_ACTION[input.kind], audit.member, {
    siteId: input.siteId,
    target: { threadId: input.threadId, bmUserId: input.bmUserId },
    params: {
      ...(timed ? { duration: input.duration } : {}),
      reason: input.reason,
      job: audit.job,
      ...(input.standing !== undefined ? { standing: input.standing } : {}),
      ...(input.rule ? { rule: input.rule } : {}),
    },
  });
  const started = performance.now();
  let answer;
  try {
    answer = await call(client, input);
  } catch (err) {
    called?.();
    const c = classifyError(err);
    await recordOutcome(auditId, c.outcome, performance.now() - started, c);
    throw err;
  }
  called?.();
  await recordOutcome(auditId, 'ok', performance.now() - started);
  if (input.standing !== undefined && (input.kind === 'ban' || input.kind === 'mute')) {
    await recordApplied(input.standing, input.threadId, input.kind, auditId);
  }
  await storeThreadAnswers(input.siteId, [{ threadId: input.threadId, answer }]).catch((e: Error) =>
    console.error(`[users] index update after ${PER_THREAD_ACTION[input.kind]} failed: ${e.message}`),
  );
}

/**
 * After a crash: did the call for this thread take effect? The site shows bans and mutes of a
 * chat room (`restricted`, to an admin); a ban also takes the person out of the thread, which
 * every thread shows. Unknown (a mute or a lift outside chat rooms) → 'redo': those calls only
 * set the same state again.
 */
export async function checkInThread(
  client: BmClient,
  input: RestrictInThread,
): Promise<'done' | 'gone' | 'redo'> {
  let thread: BmThread | undefined;
  try {
    const bundle = await getThread(client, input.threadId);
    thread = bundle.threads.find((t) => t.thread_id === input.threadId);
  } catch (err) {
    if (isThreadGone(err)) return 'gone';
    throw err;
  }
  if (!thread) return 'gone';
  const listed = (type: 'ban' | 'mute') =>
    thread.restricted?.[type]?.some((r) => r.bmUserId === input.bmUserId && r.until.getTime() > Date.now());
  const shown = thread.restricted !== undefined;
  switch (input.kind) {
    case 'ban':
      return listed('ban') || !thread.participants.includes(input.bmUserId) ? 'done' : 'redo';
    case 'mute':
      return listed('mute') ? 'done' : 'redo';
    case 'unban':
      return shown && !listed('ban') ? 'done' : 'redo';
    case 'unmute':
      return shown && !listed('mute') ? 'done' : 'redo';
  }
}

export const RestrictEverywhereParams = z.object({
  bmUserId: z.number().int(),
  kind: z.enum(RESTRICTION_KINDS),
  duration: z.number().int().positive().optional(),
  reason: z.string().optional(),
  standing: z.number().int().positive().optional(),
  rule: z.object({ id: z.number().int(), name: z.string() }).optional(),
});
export type RestrictEverywhereParams = z.infer<typeof RestrictEverywhereParams>;

const threadOf = (key: string) => {
  const threadId = Number(key);
  if (!Number.isSafeInteger(threadId) || threadId <= 0) throw new Error(`Not a thread id: "${key}".`);
  return threadId;
};

export const restrictEverywhereKind = defineJobKind<RestrictEverywhereParams>({
  kind: 'restrictEverywhere',
  parseParams: (raw) => RestrictEverywhereParams.parse(raw),
  async run(ctx, item) {
    const input = { siteId: ctx.siteId, threadId: threadOf(item.key), ...ctx.params };
    try {
      await restrictInThread(ctx.site.client, input, { member: ctx.member, job: ctx.jobId }, ctx.called);
    } catch (err) {
      if (isThreadGone(err)) return { status: 'gone', error: (err as Error).message };
      throw err;
    }
    return { status: 'done' };
  },
  verify: (ctx, item) =>
    checkInThread(ctx.site.client, { siteId: ctx.siteId, threadId: threadOf(item.key), ...ctx.params }),
});

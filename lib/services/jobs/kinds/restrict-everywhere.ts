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
import { recordIntent, recordIntents, recordOutcome } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import type { Member } from '@/lib/infra/auth/members';
import { recordApplied } from '@/lib/services/policy/applied';
import { storeThreadAnswers } from '@/lib/services/site-index/refresh';
import { defineJobKind } from '../kind';
import { outcomeLater, threadAnswerLater } from '../write-behind';

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

/** What a thread's intent records: the thread and person, and the call's parameters. */
function intentSubject(input: RestrictInThread, job: string | number) {
  const timed = input.kind === 'ban' || input.kind === 'mute';
  return {
    target: { threadId: input.threadId, bmUserId: input.bmUserId },
    params: {
      ...(timed ? { duration: input.duration } : {}),
      reason: input.reason,
      job: job,
      ...(input.standing !== undefined ? { standing: input.standing } : {}),
      ...(input.rule ? { rule: input.rule } : {}),
    },
  };
}

/** Intents written by `prepare` for a claim round's items, taken by each item as it runs. */
const preparedIntents = new Map<string, number>();

/**
 * One thread: the intent on record before the call, its outcome after, the index updated. Throws
 * what the site answered when it refused or failed (the audit entry already says so).
 */
export async function restrictInThread(
  client: BmClient,
  input: RestrictInThread,
  audit: {
    member: Pick<Member, 'id' | 'email' | 'role'> | null;
    job: string | number;
    /** The intent already on record (a job's claim round writes them together). */
    intentId?: number;
  },
  called?: () => void,
  /** A job's item: the outcome and the index update are written with the runner's next batch. */
  later = false,
): Promise<void> {
  const outcome = later ? outcomeLater : recordOutcome;
  const auditId =
    audit.intentId ??
    (await recordIntent(PER_THREAD_ACTION[input.kind], audit.member, {
      siteId: input.siteId,
      ...intentSubject(input, audit.job),
    }));
  const started = performance.now();
  let answer;
  try {
    answer = await call(client, input);
  } catch (err) {
    called?.();
    const c = classifyError(err);
    await outcome(auditId, c.outcome, performance.now() - started, c);
    throw err;
  }
  called?.();
  await outcome(auditId, 'ok', performance.now() - started);
  if (input.standing !== undefined && (input.kind === 'ban' || input.kind === 'mute')) {
    await recordApplied(input.standing, input.threadId, input.kind, auditId);
  }
  if (later) return threadAnswerLater(input.siteId, input.threadId, answer);
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
    const key = `${ctx.jobId}:${item.seq}`;
    const intentId = preparedIntents.get(key);
    preparedIntents.delete(key);
    try {
      await restrictInThread(
        ctx.site.client,
        input,
        { member: ctx.member, job: ctx.jobId, intentId },
        ctx.called,
        true,
      );
    } catch (err) {
      if (isThreadGone(err)) return { status: 'gone', error: (err as Error).message };
      throw err;
    }
    return { status: 'done' };
  },
  async prepare(ctx, items) {
    const ids = await recordIntents(
      PER_THREAD_ACTION[ctx.params.kind],
      ctx.member,
      ctx.siteId,
      items.map((item) =>
        intentSubject({ siteId: ctx.siteId, threadId: threadOf(item.key), ...ctx.params }, ctx.jobId),
      ),
    );
    items.forEach((item, i) => preparedIntents.set(`${ctx.jobId}:${item.seq}`, ids[i]!));
  },
  unprepare(jobId, item) {
    const intentId = preparedIntents.get(`${jobId}:${item.seq}`);
    preparedIntents.delete(`${jobId}:${item.seq}`);
    if (intentId !== undefined) {
      outcomeLater(intentId, 'refused', 0, {
        code: 'cancelled',
        message: 'The job was cancelled before this call was made.',
      });
    }
  },
  verify: (ctx, item) =>
    checkInThread(ctx.site.client, { siteId: ctx.siteId, threadId: threadOf(item.key), ...ctx.params }),
});

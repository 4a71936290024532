/**
 * "Ban everywhere" and its kin: one person, many threads, one call per thread. The desk runs
 * them as durable jobs (the `restrictEverywhere` kind, lib/services/jobs/kinds): this module
 * says which threads a job works on (`everywhereThreads`), and keeps the all-at-once form
 * (`restrictEverywhere`) that bench/ban-everywhere.ts measures.
 * The calls run
 * side by side but never more at once than the site's configured concurrency (its limiter is
 * shared by every job of this process), and each thread is audited on its own, under the same
 * per-thread action names as the thread page, so the thread pages and the restrictions list
 * see what a job did, and a failed thread is on record as failed.
 */
import 'server-only';
import { banUser, muteUser, unbanUser, unmuteUser, type BmClient } from '@/lib/infra/better-messages';
import { recordIntents, recordOutcomes } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import type { Member } from '@/lib/infra/auth/members';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { getThreadIds } from '@/lib/services/site-index/queries/threads';
import { getIndexedRestrictions } from '@/lib/services/site-index/queries/users';
import { storeThreadAnswers } from '@/lib/services/site-index/refresh';
import { indexThreads } from '@/lib/services/site-index/schema';
import { getRecordedRestrictionsOfUser } from '@/lib/services/threads/restrictions';
import { openSite } from '@/lib/services/sites/open-site';
import { limitedClient, siteLimiter, type SiteLimiter } from '@/lib/services/sites/site-limiter';

export type RestrictionKind = 'ban' | 'unban' | 'mute' | 'unmute';

export type ThreadResult = { threadId: number; ok: boolean; code?: string; error?: string };

export interface EverywhereInput {
  siteId: number;
  bmUserId: number;
  threadIds: readonly number[];
  kind: RestrictionKind;
  /** Minutes; ban and mute only. */
  duration?: number;
  reason?: string;
}

const PER_THREAD_ACTION: Record<RestrictionKind, string> = {
  ban: 'banUserInThread',
  unban: 'unbanUserInThread',
  mute: 'muteUserInThread',
  unmute: 'unmuteUserInThread',
};

function call(
  client: BmClient,
  kind: RestrictionKind,
  threadId: number,
  bmUserId: number,
  duration?: number,
) {
  switch (kind) {
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

export interface EverywhereOptions {
  member: Pick<Member, 'id' | 'email' | 'role'> | null;
  /** The job's own action name, kept with each thread's entry. */
  job: string;
  /** Defaults: the site, opened (its client already waits for this process's limiter). */
  client?: BmClient;
  limiter?: SiteLimiter;
}

/** Through exactly one limiter: a client limited twice would wait for two slots per call. */
async function jobClient(siteId: number, options: EverywhereOptions): Promise<BmClient> {
  if (options.client) {
    return limitedClient(options.client, options.limiter ?? (await siteLimiter(siteId)));
  }
  const site = await openSite(siteId);
  return options.limiter ? limitedClient(site.clientWith({ limited: false }), options.limiter) : site.client;
}

/**
 * Runs the job over every thread; answers one result per thread, in the order given. The log
 * is written in bulk: every intent before the first call, every outcome once the calls are
 * back (a crash in between leaves intents without outcome, which the audit log shows as such).
 */
export async function restrictEverywhere(
  input: EverywhereInput,
  options: EverywhereOptions,
): Promise<ThreadResult[]> {
  const client = await jobClient(input.siteId, options);
  const threadIds = [...new Set(input.threadIds)];
  const timed = input.kind === 'ban' || input.kind === 'mute';
  const auditIds = await recordIntents(
    PER_THREAD_ACTION[input.kind],
    options.member,
    input.siteId,
    threadIds.map((threadId) => ({
      target: { threadId, bmUserId: input.bmUserId },
      params: { ...(timed ? { duration: input.duration } : {}), reason: input.reason, job: options.job },
    })),
  );
  const outcomes: Parameters<typeof recordOutcomes>[0] = [];
  const answers: Parameters<typeof storeThreadAnswers>[1] = [];
  const results = await Promise.all(
    threadIds.map(async (threadId, i): Promise<ThreadResult> => {
      const started = performance.now();
      try {
        const answer = await call(client, input.kind, threadId, input.bmUserId, input.duration);
        outcomes.push({ auditId: auditIds[i]!, outcome: 'ok', durationMs: performance.now() - started });
        answers.push({ threadId, answer });
        return { threadId, ok: true };
      } catch (err) {
        const c = classifyError(err);
        outcomes.push({ auditId: auditIds[i]!, durationMs: performance.now() - started, ...c });
        return { threadId, ok: false, code: c.code, error: c.message };
      }
    }),
  );
  await recordOutcomes(outcomes);
  await storeThreadAnswers(input.siteId, answers).catch((e: Error) =>
    console.error(`[users] index update after ${options.job} failed: ${e.message}`),
  );
  return results;
}

/**
 * The threads a job for this person works on, as the person's page lists them: for a ban or a
 * mute, the threads they take part in (the index); to lift, the threads where a ban (or mute) is
 * in force, as the site lists it or as the desk recorded it.
 */
export async function everywhereThreads(
  siteId: number,
  bmUserId: number,
  kind: RestrictionKind,
): Promise<{ id: number; subject: string | null }[]> {
  if (kind === 'ban' || kind === 'mute') return getThreadIds({ siteId, participant: bmUserId });
  const of = kind === 'unban' ? 'ban' : 'mute';
  const [listed, recorded] = await Promise.all([
    getIndexedRestrictions(siteId, [bmUserId]),
    getRecordedRestrictionsOfUser(siteId, bmUserId),
  ]);
  const ids = [...new Set([...listed, ...recorded].filter((r) => r.kind === of).map((r) => r.threadId))];
  if (ids.length === 0) return [];
  const db = await getDb();
  const subjects = await db
    .select({ id: indexThreads.id, subject: indexThreads.subject })
    .from(indexThreads)
    .where(and(eq(indexThreads.siteId, siteId), inArray(indexThreads.id, ids)));
  const names = new Map(subjects.map((t) => [t.id, t.subject]));
  return ids.map((id) => ({ id, subject: names.get(id) ?? null }));
}

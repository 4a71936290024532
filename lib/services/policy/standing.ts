/**
 * Standing decisions: a site ban, a site mute or a hold of one person on one site, with an end
 * time (or none) and a reason. Taken, it is applied at once in every thread the person is in
 * (the durable `restrictEverywhere` job, each thread audited as the thread page audits it, with
 * `standing: <id>`), plus the plugin's blacklist for a hold (or "hold their messages"). Then the
 * sync keeps it (`sync-hooks.ts`): a thread they join later gets it within that pass. At its end,
 * or lifted by hand, BM Desk lifts exactly what it applied (`standing_applied`).
 *
 * Protected people (protected.ts) never get one.
 */
import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  addToList,
  banUser,
  getAdminUser,
  muteUser,
  removeFromList,
  unbanUser,
  unmuteUser,
  type BmClient,
} from '@/lib/infra/better-messages';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Role } from '@/lib/infra/auth/roles';
import { getDb } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import type { DecisionReasonInput } from '@/lib/services/decisions/record';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { jobItems, jobs } from '@/lib/services/jobs/schema';
import { notifyCancelled } from '@/lib/services/jobs/wake';
import { startJob } from '@/lib/services/jobs/start';
import { rules } from '@/lib/services/rules/schema';
import { getThreadIds } from '@/lib/services/site-index/queries/threads';
import { storeThreadAnswers } from '@/lib/services/site-index/refresh';
import { indexUsers } from '@/lib/services/site-index/schema';
import { openSite } from '@/lib/services/sites/open-site';
import { recordApplied } from './applied';
import { loadProtected } from './protected';
import { standingApplied, standingDecisions, type StandingKind } from './schema';

export { recordApplied };

export type PolicyActor = {
  member: { id: number; email: string; role: Role } | null;
  rule?: { id: number; name: string };
};

export const KIND_LABEL: Record<StandingKind, string> = { ban: 'site ban', mute: 'site mute', hold: 'hold' };

/** "by site ban #12": how every call a decision makes names it in the audit log. */
export function byDecision(kind: StandingKind, id: number): string {
  return `by ${KIND_LABEL[kind]} #${id}`;
}

/** What a decision's audit rows carry besides the call's own parameters. */
function actorParams(id: number, actor: PolicyActor): Record<string, unknown> {
  return { standing: id, ...(actor.rule ? { rule: actor.rule } : {}) };
}

async function personName(siteId: number, bmUserId: number): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ name: indexUsers.name })
    .from(indexUsers)
    .where(and(eq(indexUsers.siteId, siteId), eq(indexUsers.id, bmUserId)));
  return row?.name?.trim() || null;
}

export type NewStandingDecision = {
  siteId: number;
  bmUserId: number;
  kind: StandingKind;
  endsAt: Date | null;
  holdMessages: boolean;
  reason: string;
};

/** Refuses, in words, a decision about a protected person. */
export async function refuseIfProtected(siteId: number, bmUserId: number, client?: BmClient): Promise<void> {
  const protectedSet = await loadProtected(siteId, { client });
  const why = protectedSet.reasonFor(bmUserId);
  if (why) {
    const name = (await personName(siteId, bmUserId)) ?? `User #${bmUserId}`;
    throw new ActionRefusal(
      `${name} is protected (${why}): BM Desk takes no standing decision about them.`,
      'protected',
    );
  }
}

/**
 * Records the decision and applies it at once: a job over every thread the person is in (ban,
 * mute), and the blacklist (hold, or hold their messages). Answers the decision and its job.
 */
export async function createStandingDecision(
  input: NewStandingDecision,
  actor: PolicyActor,
  options: {
    client?: BmClient;
    /**
     * The statement of reasons recorded with it (moderation_decisions): the picked reason, the
     * moderator's words (default: the decision's reason), whether to tell the member; who decided
     * (a rule's decisions are automated). Every standing decision is recorded.
     */
    decision?: DecisionReasonInput & { actorName?: string; auditId?: number | null };
  } = {},
): Promise<{ id: number; jobId: number | null }> {
  if (input.endsAt && input.endsAt.getTime() <= Date.now()) {
    throw new ActionRefusal('The end time has passed already.', 'ends-in-past', {
      endsAt: ['Choose a time in the future.'],
    });
  }
  await resolveReason(input.siteId, options.decision?.reasonId);
  await refuseIfProtected(input.siteId, input.bmUserId, options.client);
  const db = await getDb();
  const [already] = await db
    .select({ id: standingDecisions.id })
    .from(standingDecisions)
    .where(
      and(
        eq(standingDecisions.siteId, input.siteId),
        eq(standingDecisions.bmUserId, input.bmUserId),
        eq(standingDecisions.kind, input.kind),
        isNull(standingDecisions.endedAt),
      ),
    )
    .limit(1);
  if (already) {
    throw new ActionRefusal(
      `This person already has ${KIND_LABEL[input.kind]} #${already.id}; extend it instead.`,
      'already-standing',
    );
  }
  const name = await personName(input.siteId, input.bmUserId);
  const [row] = await db
    .insert(standingDecisions)
    .values({
      siteId: input.siteId,
      bmUserId: input.bmUserId,
      userName: name,
      kind: input.kind,
      holdMessages: input.kind === 'hold' || input.holdMessages,
      reason: input.reason,
      endsAt: input.endsAt,
      createdBy: actor.member?.id ?? null,
      createdByRule: actor.rule?.id ?? null,
    })
    .returning({ id: standingDecisions.id });
  const id = row!.id;
  const by = byDecision(input.kind, id);

  if (input.kind === 'hold' || input.holdMessages) {
    const client = options.client ?? (await openSite(input.siteId)).client;
    // A failed blacklist does not undo the decision: the sync tries again on its next turn.
    await applyBlacklist(
      client,
      { id, siteId: input.siteId, bmUserId: input.bmUserId, kind: input.kind },
      actor,
    ).catch((e: Error) => console.error(`[policy] standing #${id}: blacklist failed: ${e.message}`));
  }

  let jobId: number | null = null;
  let threadIds: number[] = [];
  if (input.kind !== 'hold') {
    const threads = await getThreadIds({ siteId: input.siteId, participant: input.bmUserId }, 10_000);
    threadIds = threads.map((t) => t.id);
    if (threads.length > 0) {
      const who = name ?? `user #${input.bmUserId}`;
      jobId = await startJob({
        siteId: input.siteId,
        kind: 'restrictEverywhere',
        label: `${input.kind === 'ban' ? 'Ban' : 'Mute'} ${who} everywhere (${by})`,
        params: {
          bmUserId: input.bmUserId,
          kind: input.kind,
          duration: BAN_UNTIL_LIFTED_MINUTES,
          reason: input.reason ? `${by}: ${input.reason}` : by,
          standing: id,
          ...(actor.rule ? { rule: actor.rule } : {}),
        },
        items: threads.map((t) => ({ key: String(t.id), label: t.subject?.trim() || `Thread #${t.id}` })),
        member: actor.member,
      });
      await db.update(standingDecisions).set({ applyJobId: jobId }).where(eq(standingDecisions.id, id));
    }
  }
  const told = options.decision;
  await recordDecision({
    siteId: input.siteId,
    kind: DECISION_KIND[input.kind],
    subject: { bmUserId: input.bmUserId, name },
    threadIds,
    reasonId: told?.reasonId ?? null,
    freeText: told && 'freeText' in told ? told.freeText : input.reason,
    notify: told?.notify,
    actor: actor.rule
      ? { ruleId: actor.rule.id, name: `rule #${actor.rule.id} · ${actor.rule.name}` }
      : { memberId: actor.member?.id ?? null, name: told?.actorName ?? actor.member?.email ?? 'BM Desk' },
    auditId: told?.auditId ?? null,
    endsAt: input.endsAt,
  });
  return { id, jobId };
}

const DECISION_KIND = { ban: 'site_ban', mute: 'site_mute', hold: 'hold' } as const;

type DecisionRef = { id: number; siteId: number; bmUserId: number; kind: StandingKind };

/** An audited call: intent before, outcome after; answers the audit id, throws the site's refusal. */
async function audited<T>(
  action: string,
  actor: PolicyActor,
  subject: { siteId: number; target: Record<string, unknown>; params: Record<string, unknown> },
  call: () => Promise<T>,
): Promise<{ auditId: number; answer: T }> {
  const auditId = await recordIntent(action, actor.member, subject);
  const started = performance.now();
  try {
    const answer = await call();
    await recordOutcome(auditId, 'ok', performance.now() - started);
    return { auditId, answer };
  } catch (err) {
    const c = classifyError(err);
    await recordOutcome(auditId, c.outcome, performance.now() - started, c);
    throw err;
  }
}

/**
 * The blacklist for a hold: only when the person is not blacklisted already (then it is not
 * ours to lift at the end).
 */
export async function applyBlacklist(client: BmClient, d: DecisionRef, actor: PolicyActor): Promise<boolean> {
  const user = await getAdminUser(client, d.bmUserId).catch(() => null);
  if (user?.moderationStatus === true) return false;
  const { auditId } = await audited(
    'blacklistUser',
    actor,
    {
      siteId: d.siteId,
      target: { bmUserId: d.bmUserId },
      params: { reason: byDecision(d.kind, d.id), ...actorParams(d.id, actor) },
    },
    () => addToList(client, 'blacklist', { bmUserId: d.bmUserId }),
  );
  await recordApplied(d.id, 0, 'blacklist', auditId);
  return true;
}

/** Bans (mutes) the person in one thread for the decision, audited as the thread page does; records it. */
export async function applyInThread(
  client: BmClient,
  d: DecisionRef,
  threadId: number,
  actor: PolicyActor,
): Promise<void> {
  const what = d.kind === 'mute' ? 'mute' : 'ban';
  const { auditId, answer } = await audited(
    what === 'ban' ? 'banUserInThread' : 'muteUserInThread',
    actor,
    {
      siteId: d.siteId,
      target: { threadId, bmUserId: d.bmUserId },
      params: {
        duration: BAN_UNTIL_LIFTED_MINUTES,
        reason: byDecision(d.kind, d.id),
        ...actorParams(d.id, actor),
      },
    },
    () =>
      what === 'ban'
        ? banUser(client, threadId, d.bmUserId, BAN_UNTIL_LIFTED_MINUTES)
        : muteUser(client, threadId, d.bmUserId, BAN_UNTIL_LIFTED_MINUTES),
  );
  await recordApplied(d.id, threadId, what, auditId);
  await storeThreadAnswers(d.siteId, [{ threadId, answer }]).catch((e: Error) =>
    console.error(`[policy] index update after standing #${d.id} in thread ${threadId} failed: ${e.message}`),
  );
}

/** The member behind a decision (who took it, or switched on the rule that did), for its audit rows. */
export async function decisionActor(decision: {
  createdBy: number | null;
  createdByRule: number | null;
}): Promise<PolicyActor> {
  const db = await getDb();
  let member: PolicyActor['member'] = null;
  if (decision.createdBy !== null) {
    const [m] = await db
      .select({ id: members.id, email: members.email, role: members.role })
      .from(members)
      .where(eq(members.id, decision.createdBy));
    member = m ? { id: m.id, email: m.email, role: m.role as Role } : null;
  }
  if (decision.createdByRule === null) return { member };
  const [rule] = await db
    .select({ name: rules.name })
    .from(rules)
    .where(eq(rules.id, decision.createdByRule));
  return {
    member,
    rule: { id: decision.createdByRule, name: rule?.name ?? `rule #${decision.createdByRule}` },
  };
}

/**
 * Lifts everything a decision applied that is not lifted yet (unban/unmute per thread,
 * un-blacklist), audited. Failures stay on their row and in `lift_error`, tried again next turn.
 * The decision is lifted once nothing is left and its apply job has finished.
 */
export async function liftApplied(
  decisionId: number,
  actor: PolicyActor,
  options: { client?: BmClient } = {},
): Promise<{ lifted: number; failed: number; done: boolean }> {
  const db = await getDb();
  const [d] = await db.select().from(standingDecisions).where(eq(standingDecisions.id, decisionId));
  if (!d || d.liftedAt) return { lifted: 0, failed: 0, done: true };
  const rows = await db
    .select()
    .from(standingApplied)
    .where(and(eq(standingApplied.decisionId, decisionId), isNull(standingApplied.liftedAt)));
  const client = rows.length > 0 ? (options.client ?? (await openSite(d.siteId)).client) : null;
  const by = `${byDecision(d.kind, d.id)} ended`;
  let lifted = 0;
  const errors: string[] = [];
  for (const r of rows) {
    const params = { reason: by, ...actorParams(d.id, actor) };
    try {
      if (r.what === 'blacklist') {
        await audited(
          'unblacklistUser',
          actor,
          { siteId: d.siteId, target: { bmUserId: d.bmUserId }, params },
          () => removeFromList(client!, 'blacklist', { bmUserId: d.bmUserId }),
        );
      } else {
        const { answer } = await audited(
          r.what === 'ban' ? 'unbanUserInThread' : 'unmuteUserInThread',
          actor,
          { siteId: d.siteId, target: { threadId: r.threadId, bmUserId: d.bmUserId }, params },
          () =>
            r.what === 'ban'
              ? unbanUser(client!, r.threadId, d.bmUserId)
              : unmuteUser(client!, r.threadId, d.bmUserId),
        );
        await storeThreadAnswers(d.siteId, [{ threadId: r.threadId, answer }]).catch(() => undefined);
      }
      await db
        .update(standingApplied)
        .set({ liftedAt: new Date(), liftError: null })
        .where(
          and(
            eq(standingApplied.decisionId, r.decisionId),
            eq(standingApplied.threadId, r.threadId),
            eq(standingApplied.what, r.what),
          ),
        );
      lifted++;
    } catch (err) {
      const message = classifyError(err).message ?? (err as Error).message;
      const where = r.what === 'blacklist' ? 'blacklist' : `thread #${r.threadId}`;
      errors.push(`${where}: ${message}`);
      await db
        .update(standingApplied)
        .set({ liftError: message.slice(0, 500) })
        .where(
          and(
            eq(standingApplied.decisionId, r.decisionId),
            eq(standingApplied.threadId, r.threadId),
            eq(standingApplied.what, r.what),
          ),
        );
    }
  }
  // A job still applying it is stopped; an item in flight may still add a thread: the decision
  // is lifted once none is left.
  let jobBusy = false;
  if (d.applyJobId !== null) {
    await stopApplyJob(d.applyJobId);
    const [busy] = await db
      .select({ seq: jobItems.seq })
      .from(jobItems)
      .where(and(eq(jobItems.jobId, d.applyJobId), inArray(jobItems.status, ['pending', 'running'])))
      .limit(1);
    jobBusy = busy !== undefined;
  }
  const done = errors.length === 0 && !jobBusy;
  await db
    .update(standingDecisions)
    .set({
      liftedAt: done ? new Date() : null,
      liftError:
        errors.length > 0
          ? `${errors.length} not lifted yet: ${errors.slice(0, 3).join('; ')}`.slice(0, 1000)
          : null,
    })
    .where(eq(standingDecisions.id, decisionId));
  return { lifted, failed: errors.length, done };
}

/** An ended decision's apply job takes no more items (those in flight finish). */
async function stopApplyJob(jobId: number): Promise<void> {
  const db = await getDb();
  const stopped = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(jobs)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(and(eq(jobs.id, jobId), inArray(jobs.status, ['queued', 'running'])))
      .returning({ id: jobs.id });
    if (!updated) return false;
    await tx
      .update(jobItems)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'pending')));
    return true;
  });
  if (stopped) notifyCancelled(jobId);
}

async function activeDecision(id: number) {
  const db = await getDb();
  const [d] = await db.select().from(standingDecisions).where(eq(standingDecisions.id, id));
  if (!d) throw new ActionRefusal('There is no such standing decision.', 'not-found');
  if (d.endedAt) throw new ActionRefusal(`${KIND_LABEL[d.kind]} #${d.id} has ended already.`, 'ended');
  return d;
}

/** Ends a decision now and lifts what it applied (what fails is retried by the sync). */
export async function liftStandingDecision(
  id: number,
  actor: PolicyActor,
  reason: string,
  options: { siteId?: number; client?: BmClient } = {},
): Promise<{ lifted: number; failed: number; done: boolean }> {
  const d = await activeDecision(id);
  if (options.siteId !== undefined && d.siteId !== options.siteId) {
    throw new ActionRefusal('There is no such standing decision.', 'not-found');
  }
  const db = await getDb();
  await db
    .update(standingDecisions)
    .set({ endedAt: new Date(), endedBy: actor.member?.id ?? null, endReason: reason || 'lifted by hand' })
    .where(and(eq(standingDecisions.id, id), isNull(standingDecisions.endedAt)));
  return liftApplied(id, actor, options);
}

/** Moves a decision's end (null: until lifted). */
export async function extendStandingDecision(
  id: number,
  endsAt: Date | null,
  actor: PolicyActor,
  options: { siteId?: number } = {},
): Promise<void> {
  void actor;
  const d = await activeDecision(id);
  if (options.siteId !== undefined && d.siteId !== options.siteId) {
    throw new ActionRefusal('There is no such standing decision.', 'not-found');
  }
  if (endsAt && endsAt.getTime() <= Date.now()) {
    throw new ActionRefusal('The new end time has passed already.', 'ends-in-past', {
      endsAt: ['Choose a time in the future.'],
    });
  }
  const db = await getDb();
  await db.update(standingDecisions).set({ endsAt }).where(eq(standingDecisions.id, id));
}

export type StandingRow = {
  id: number;
  bmUserId: number;
  userName: string | null;
  kind: StandingKind;
  holdMessages: boolean;
  reason: string;
  startsAt: Date;
  endsAt: Date | null;
  createdBy: string | null;
  createdByRule: number | null;
  endedAt: Date | null;
  endReason: string | null;
  liftedAt: Date | null;
  liftError: string | null;
  appliedThreads: number;
  applyJobId: number | null;
};

export type StandingFilter = {
  siteId: number;
  state?: 'active' | 'ended' | 'all';
  kind?: StandingKind;
  bmUserId?: number;
  limit?: number;
};

/** A site's decisions, newest first, with how many threads each applied to. */
export async function listStandingDecisions(filter: StandingFilter): Promise<StandingRow[]> {
  const db = await getDb();
  const d = standingDecisions;
  const conditions = [eq(d.siteId, filter.siteId)];
  if (filter.state === 'active') conditions.push(isNull(d.endedAt));
  if (filter.state === 'ended') conditions.push(sql`${d.endedAt} IS NOT NULL`);
  if (filter.kind) conditions.push(eq(d.kind, filter.kind));
  if (filter.bmUserId !== undefined) conditions.push(eq(d.bmUserId, filter.bmUserId));
  return db
    .select({
      id: d.id,
      bmUserId: d.bmUserId,
      userName: d.userName,
      kind: d.kind,
      holdMessages: d.holdMessages,
      reason: d.reason,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      createdBy: members.email,
      createdByRule: d.createdByRule,
      endedAt: d.endedAt,
      endReason: d.endReason,
      liftedAt: d.liftedAt,
      liftError: d.liftError,
      applyJobId: d.applyJobId,
      appliedThreads: sql<number>`(select count(*)::int from ${standingApplied} a where a.decision_id = ${d.id} and a.thread_id <> 0)`,
    })
    .from(d)
    .leftJoin(members, eq(members.id, d.createdBy))
    .where(and(...conditions))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(filter.limit ?? 500);
}

/** Active ban/mute/hold decisions of these people on the site (the sync and the rules ask). */
export async function activeDecisionsOf(siteId: number, bmUserIds: number[]) {
  if (bmUserIds.length === 0) return [];
  const db = await getDb();
  return db
    .select()
    .from(standingDecisions)
    .where(
      and(
        eq(standingDecisions.siteId, siteId),
        inArray(standingDecisions.bmUserId, bmUserIds),
        isNull(standingDecisions.endedAt),
      ),
    );
}

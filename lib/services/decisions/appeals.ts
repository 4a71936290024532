/**
 * Appeals: a member's answer to a decision's notice. The notice went into its own thread on the
 * site (moderation_notices.thread_id); a message the notice's recipient writes there after it
 * becomes, within the site's appeal window, the decision's one appeal: a conversation of the
 * support inbox, labelled "appeal", opened (reopened) for the team. After the window the member
 * gets one automatic answer ('appeal_late') saying it closed. A second answer adds nothing: the
 * conversation simply has it. Read from the index, so the sync's pass finds them (sync-hooks.ts).
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  addParticipants,
  getAdminUser,
  removeFromList,
  unbanUser,
  unmuteUser,
  type BmClient,
  type BmThread,
  type BmUpdateBundle,
} from '@/lib/infra/better-messages';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Role } from '@/lib/infra/auth/roles';
import { can } from '@/lib/infra/auth/permissions';
import { getDb, type Db } from '@/lib/infra/db/client';
import { standingDecisions, type StandingKind } from '@/lib/services/policy/schema';
import { KIND_LABEL, liftStandingDecision } from '@/lib/services/policy/standing';
import { refreshThread } from '@/lib/services/site-index/refresh';
import {
  triageConversationLabels,
  triageConversations as tc,
  triageEvents,
  triageLabels,
} from '@/lib/services/triage/schema';
import type { DecisionKind } from './constants';
import { deliverNotice, deliverNoticeLater, queueNotice, type Notice } from './notices';
import { formatUtc, resolveReason } from './record';
import { appeals, moderationDecisions, moderationNotices } from './schema';
import { getModerationSettings } from './settings';

export type Appeal = typeof appeals.$inferSelect;

/** The inbox label every appeal conversation carries (created the first time it is needed). */
export const APPEAL_LABEL = 'appeal';
const APPEAL_LABEL_COLOUR = 'orange';
/** Answers looked at per run at most (the rest the next pass). */
const BATCH = 200;

type Answer = {
  decisionId: number;
  threadId: number;
  memberUserId: number;
  noticeSentAt: Date;
  messageId: number;
  text: string;
  createdAt: Date;
};

export type AppealScan = { opened: number[]; late: number[] };

const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);

/**
 * The recipients' first answers, after their decision notice, in the notice's thread, for
 * decisions with neither an appeal nor a late answer yet (so each is handled once).
 */
async function unansweredAnswers(db: Db, siteId: number): Promise<Answer[]> {
  const rows = await db.execute<{
    decision_id: string | number;
    thread_id: string | number;
    member_user_id: string | number;
    sent_at: string | Date;
    message_id: string | number;
    text: string;
    created_at: string | Date;
  }>(sql`
    SELECT DISTINCT ON (n.decision_id)
      n.decision_id, n.thread_id, n.recipient_user_id AS member_user_id, n.sent_at,
      m.id AS message_id, m.text, m.created_at
    FROM moderation_notices n
    JOIN moderation_decisions d ON d.id = n.decision_id AND d.status <> 'overturned'
    JOIN site_index_messages m ON m.site_id = n.site_id AND m.thread_id = n.thread_id
      AND m.sender_id = n.recipient_user_id
      AND (CASE WHEN n.message_id IS NOT NULL THEN m.id > n.message_id
                ELSE m.created_at >= date_trunc('second', n.sent_at) END)
      -- An answer belongs to the latest notice before it when one thread carries several.
      AND NOT EXISTS (SELECT 1 FROM moderation_notices n2
                      WHERE n2.site_id = n.site_id AND n2.thread_id = n.thread_id AND n2.kind = 'decision'
                        AND n2.message_id > coalesce(n.message_id, 0) AND n2.message_id < m.id)
    WHERE n.site_id = ${siteId} AND n.kind = 'decision' AND n.status = 'sent'
      AND n.thread_id IS NOT NULL AND n.decision_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM appeals a WHERE a.decision_id = n.decision_id)
      AND NOT EXISTS (SELECT 1 FROM moderation_notices l
                      WHERE l.decision_id = n.decision_id AND l.kind = 'appeal_late')
    ORDER BY n.decision_id, m.id
    LIMIT ${BATCH}`);
  return rowsOf<{
    decision_id: string | number;
    thread_id: string | number;
    member_user_id: string | number;
    sent_at: string | Date;
    message_id: string | number;
    text: string;
    created_at: string | Date;
  }>(rows).map((r) => ({
    decisionId: Number(r.decision_id),
    threadId: Number(r.thread_id),
    memberUserId: Number(r.member_user_id),
    noticeSentAt: new Date(r.sent_at),
    messageId: Number(r.message_id),
    text: r.text,
    createdAt: new Date(r.created_at),
  }));
}

/** Whether an answer written at `at` is within the appeal window of a notice sent at `sentAt`. */
export function withinAppealWindow(sentAt: Date, at: Date, appealDays: number): boolean {
  return at.getTime() <= sentAt.getTime() + appealDays * 86_400_000;
}

export function lateAnswerText(appealDays: number, sentAt: Date): string {
  const closed = new Date(sentAt.getTime() + appealDays * 86_400_000);
  return [
    'Hello,',
    '',
    `Thank you for your answer. A decision can be appealed within ${appealDays} ${appealDays === 1 ? 'day' : 'days'} of its notice; for this one the time to appeal ended on ${formatUtc(closed)}, so the decision stays as it is.`,
    '',
    'This is an automatic answer.',
  ].join('\n');
}

/**
 * Finds new answers to decision notices and turns each into an appeal (within the window) or
 * one automatic late answer. `waitForNotices`: the late answers are sent before it returns.
 */
export async function scanForAppeals(
  siteId: number,
  opts: { waitForNotices?: boolean } = {},
): Promise<AppealScan> {
  const db = await getDb();
  const answers = await unansweredAnswers(db, siteId);
  const scan: AppealScan = { opened: [], late: [] };
  if (answers.length === 0) return scan;
  const { appealDays } = await getModerationSettings(siteId);
  for (const a of answers) {
    if (withinAppealWindow(a.noticeSentAt, a.createdAt, appealDays)) {
      const id = await openAppeal(db, siteId, a);
      if (id !== null) scan.opened.push(id);
      continue;
    }
    const noticeId = await queueLateAnswer(db, siteId, a, appealDays);
    if (noticeId === null) continue;
    scan.late.push(noticeId);
    if (opts.waitForNotices) await deliverNotice(noticeId);
    else deliverNoticeLater(noticeId);
  }
  return scan;
}

/** One late answer per decision: written only while none exists (the sync holds the site's lock). */
async function queueLateAnswer(
  db: Db,
  siteId: number,
  a: Answer,
  appealDays: number,
): Promise<number | null> {
  const [already] = await db
    .select({ id: moderationNotices.id })
    .from(moderationNotices)
    .where(and(eq(moderationNotices.decisionId, a.decisionId), eq(moderationNotices.kind, 'appeal_late')))
    .limit(1);
  if (already) return null;
  return queueNotice({
    siteId,
    kind: 'appeal_late',
    recipientUserId: a.memberUserId,
    body: lateAnswerText(appealDays, a.noticeSentAt),
    decisionId: a.decisionId,
    threadId: a.threadId,
  });
}

/** The appeal and its inbox conversation (labelled, open), in one transaction; null if one existed. */
async function openAppeal(db: Db, siteId: number, a: Answer): Promise<number | null> {
  const labelId = await appealLabelId(db);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(appeals)
      .values({
        siteId,
        decisionId: a.decisionId,
        threadId: a.threadId,
        memberUserId: a.memberUserId,
        messageId: a.messageId,
        messageText: a.text.slice(0, 20_000),
        status: 'open',
        openedAt: a.createdAt,
      })
      .onConflictDoNothing()
      .returning({ id: appeals.id });
    if (!row) return null;
    const now = new Date();
    // The moderation account is a support account: the thread is the team's conversation.
    await tx
      .insert(tc)
      .values({ siteId, threadId: a.threadId, source: 'participant', status: 'open' })
      .onConflictDoNothing();
    const [current] = await tx
      .select({ status: tc.status, seenMessageId: tc.seenMessageId })
      .from(tc)
      .where(and(eq(tc.siteId, siteId), eq(tc.threadId, a.threadId)))
      .for('update');
    if (current && current.status !== 'open') {
      await tx
        .update(tc)
        .set({
          status: 'open',
          statusChangedAt: now,
          statusSeenMessageId: current.seenMessageId,
          snoozedUntil: null,
          resolvedAt: null,
          reopenedCount: sql`${tc.reopenedCount} + 1`,
          updatedAt: now,
        })
        .where(and(eq(tc.siteId, siteId), eq(tc.threadId, a.threadId)));
      await tx.insert(triageEvents).values({
        siteId,
        threadId: a.threadId,
        at: now,
        kind: 'status',
        detail: { from: current.status, to: 'open', by: 'appeal' },
      });
    }
    await tx
      .insert(triageConversationLabels)
      .values({ siteId, threadId: a.threadId, labelId })
      .onConflictDoNothing();
    await tx.insert(triageEvents).values({
      siteId,
      threadId: a.threadId,
      at: now,
      kind: 'appeal',
      detail: { appealId: row.id, decisionId: a.decisionId },
    });
    return row.id;
  });
}

/** The "appeal" label's id; made the first time (labels are shared by every site). */
export async function appealLabelId(db?: Db): Promise<number> {
  const d = db ?? (await getDb());
  const find = async () =>
    (
      await d
        .select({ id: triageLabels.id })
        .from(triageLabels)
        .where(sql`lower(${triageLabels.name}) = ${APPEAL_LABEL}`)
        .limit(1)
    )[0]?.id;
  const found = await find();
  if (found !== undefined) return found;
  await d
    .insert(triageLabels)
    .values({ name: APPEAL_LABEL, colour: APPEAL_LABEL_COLOUR })
    .onConflictDoNothing();
  return (await find())!;
}

// ---------------------------------------------------------------------------------------------
// Reading

export type AppealView = {
  appeal: Appeal;
  decision: typeof moderationDecisions.$inferSelect;
  notice: { id: number; body: string; status: string; sentAt: Date | null; messageId: number | null } | null;
  appealDays: number;
};

/** The appeal of an inbox conversation (its notice thread), with its decision and notice. */
export async function appealOfThread(siteId: number, threadId: number): Promise<AppealView | null> {
  const db = await getDb();
  const [row] = await db
    .select({ appeal: appeals, decision: moderationDecisions })
    .from(appeals)
    .innerJoin(moderationDecisions, eq(moderationDecisions.id, appeals.decisionId))
    .where(and(eq(appeals.siteId, siteId), eq(appeals.threadId, threadId)))
    .orderBy(sql`${appeals.openedAt} desc`)
    .limit(1);
  if (!row) return null;
  return withNotice(db, row);
}

export async function getAppeal(siteId: number, appealId: number): Promise<AppealView | null> {
  const db = await getDb();
  const [row] = await db
    .select({ appeal: appeals, decision: moderationDecisions })
    .from(appeals)
    .innerJoin(moderationDecisions, eq(moderationDecisions.id, appeals.decisionId))
    .where(and(eq(appeals.siteId, siteId), eq(appeals.id, appealId)));
  if (!row) return null;
  return withNotice(db, row);
}

async function withNotice(
  db: Db,
  row: { appeal: Appeal; decision: typeof moderationDecisions.$inferSelect },
): Promise<AppealView> {
  const [notice] = await db
    .select({
      id: moderationNotices.id,
      body: moderationNotices.body,
      status: moderationNotices.status,
      sentAt: moderationNotices.sentAt,
      messageId: moderationNotices.messageId,
    })
    .from(moderationNotices)
    .where(and(eq(moderationNotices.decisionId, row.decision.id), eq(moderationNotices.kind, 'decision')))
    .limit(1);
  const { appealDays } = await getModerationSettings(row.appeal.siteId);
  return { ...row, notice: notice ?? null, appealDays };
}

// ---------------------------------------------------------------------------------------------
// Deciding

export type AppealOutcome = 'upheld' | 'overturned';
export type Reversal = { reversed: string[]; notReversed: string[] };
type Actor = { id: number; name: string; email: string; role: Role };

const STANDING_OF: Partial<Record<DecisionKind, StandingKind>> = {
  site_ban: 'ban',
  site_mute: 'mute',
  hold: 'hold',
};

/** One call on the site for an overturn, audited like the desk's own call, naming the appeal. */
async function auditedCall<T>(
  action: string,
  actor: Actor,
  subject: { siteId: number; target: Record<string, unknown>; appealId: number },
  call: () => Promise<T>,
): Promise<T> {
  const auditId = await recordIntent(action, actor, {
    siteId: subject.siteId,
    target: subject.target,
    params: { reason: `appeal #${subject.appealId} overturned`, appeal: subject.appealId },
  });
  const started = performance.now();
  try {
    const answer = await call();
    await recordOutcome(auditId, 'ok', performance.now() - started);
    return answer;
  } catch (err) {
    const c = classifyError(err);
    await recordOutcome(auditId, c.outcome, performance.now() - started, c);
    throw err;
  }
}

const words = (err: unknown) => classifyError(err).message ?? (err as Error).message;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Reverses through the plugin what the decision did, as far as it can: bans and mutes lifted in
 * each of its threads (and a member a ban removed is added back), a standing site ban / mute /
 * hold lifted, the blacklist of a hold removed. Deleted messages cannot come back.
 */
export async function reverseDecision(
  client: BmClient,
  d: typeof moderationDecisions.$inferSelect,
  appealId: number,
  actor: Actor,
): Promise<Reversal> {
  const out: Reversal = { reversed: [], notReversed: [] };
  const who = d.subjectUserId;
  const subject = (target: Record<string, unknown>) => ({ siteId: d.siteId, target, appealId });
  if (who === null) {
    out.notReversed.push('The member is not known any more, so nothing could be lifted.');
    return out;
  }
  switch (d.kind) {
    case 'ban':
    case 'mute': {
      for (const threadId of d.threadIds) {
        const target: Record<string, unknown> = { threadId, bmUserId: who };
        try {
          if (d.kind === 'ban') {
            const answer: BmUpdateBundle | false = await auditedCall(
              'unbanUserInThread',
              actor,
              subject(target),
              (): Promise<BmUpdateBundle | false> => unbanUser(client, threadId, who),
            );
            // The plugin's ban took the member out of the conversation; lifting it does not bring
            // them back. Added back unless the answer shows them in it (a failure is on the audit row).
            const thread: BmThread | undefined = answer
              ? answer.threads.find((t: BmThread) => t.thread_id === threadId)
              : undefined;
            if (!thread?.participants.includes(who)) {
              await auditedCall(
                'addParticipantsToThread',
                actor,
                subject({ threadId, bmUserIds: [who] }),
                () => addParticipants(client, threadId, who),
              ).catch(() => undefined);
            }
            out.reversed.push(`the ban in conversation #${threadId}`);
          } else {
            await auditedCall('unmuteUserInThread', actor, subject(target), () =>
              unmuteUser(client, threadId, who),
            );
            out.reversed.push(`the mute in conversation #${threadId}`);
          }
          await refreshThread(d.siteId, threadId).catch(() => undefined);
        } catch (err) {
          out.notReversed.push(
            `the ${d.kind} in conversation #${threadId} could not be lifted: ${words(err)}`,
          );
        }
      }
      break;
    }
    case 'site_ban':
    case 'site_mute':
    case 'hold': {
      const kind = STANDING_OF[d.kind]!;
      const db = await getDb();
      const [standing] = await db
        .select({ id: standingDecisions.id })
        .from(standingDecisions)
        .where(
          and(
            eq(standingDecisions.siteId, d.siteId),
            eq(standingDecisions.bmUserId, who),
            eq(standingDecisions.kind, kind),
            isNull(standingDecisions.endedAt),
          ),
        )
        .limit(1);
      const label = KIND_LABEL[kind];
      let blacklistLifted = false;
      if (standing) {
        try {
          const r = await liftStandingDecision(
            standing.id,
            { member: { id: actor.id, email: actor.email, role: actor.role } },
            `appeal #${appealId} overturned`,
            { siteId: d.siteId, client },
          );
          out.reversed.push(`the ${label}`);
          blacklistLifted = kind === 'hold';
          if (r.failed > 0) {
            out.notReversed.push(
              `${plural(r.failed, 'part', 'parts')} of the ${label} could not be lifted yet; BM Desk tries again`,
            );
          }
        } catch (err) {
          out.notReversed.push(`the ${label} could not be lifted: ${words(err)}`);
        }
      } else if (d.kind !== 'hold') {
        out.reversed.push(`the ${label} (it had already ended)`);
      }
      if (d.kind === 'hold' && !blacklistLifted) {
        try {
          const user = await getAdminUser(client, who).catch(() => null);
          if (user?.moderationStatus === true) {
            await auditedCall('unblacklistUser', actor, subject({ bmUserId: who }), () =>
              removeFromList(client, 'blacklist', { bmUserId: who }),
            );
          }
          out.reversed.push('the check of your messages before others see them');
        } catch (err) {
          out.notReversed.push(`the check of your messages could not be lifted: ${words(err)}`);
        }
      }
      break;
    }
    case 'delete':
      out.notReversed.push(
        d.messageIds.length > 1
          ? `the ${d.messageIds.length} removed messages cannot come back: the site deletes them for good`
          : 'the removed message cannot come back: the site deletes it for good',
      );
      break;
    case 'reject':
      out.notReversed.push('the message that was not published cannot come back: the site deleted it');
      break;
    case 'warning':
      out.reversed.push('the warning');
      break;
    case 'dismiss':
      break;
  }
  return out;
}

export function appealAnswerText(input: {
  outcome: AppealOutcome;
  name: string | null;
  reasonTitle: string | null;
  freeText: string | null;
  reversal: Reversal | null;
}): string {
  const lines = [input.name ? `Hello ${input.name},` : 'Hello,', ''];
  if (input.outcome === 'upheld') {
    lines.push('A moderator looked at your appeal again. The decision stays as it was.');
  } else {
    lines.push(
      'A moderator looked at your appeal again and overturned the decision: it no longer counts against you.',
    );
    const r = input.reversal;
    if (r?.reversed.length) lines.push('', `Lifted: ${r.reversed.join('; ')}.`);
    if (r?.notReversed.length) lines.push('', `Not undone: ${r.notReversed.join('; ')}.`);
  }
  if (input.reasonTitle) lines.push('', `Reason: ${input.reasonTitle}.`);
  if (input.freeText) lines.push('', input.freeText);
  lines.push('', 'This was your one appeal of this decision.');
  return lines.join('\n');
}

const STANDING_KINDS: readonly string[] = ['site_ban', 'site_mute', 'hold'];

const OUTCOME_WORD: Record<AppealOutcome, string> = { upheld: 'upheld', overturned: 'overturned' };

/**
 * Upholds or overturns an open appeal (once: a second attempt is refused with who decided it).
 * Overturning reverses what it can first; the member is told in the appeal's thread.
 */
export async function decideAppeal(input: {
  siteId: number;
  appealId: number;
  /** The conversation the moderator decided it from (checked to be the appeal's). */
  threadId?: number;
  outcome: AppealOutcome;
  reasonId: number | null;
  freeText: string | null;
  actor: Actor;
  auditId?: number | null;
  client: () => Promise<BmClient>;
  waitForNotice?: boolean;
}): Promise<{ appeal: Appeal; reversal: Reversal | null; noticeId: number; notice: Notice | null }> {
  const reason = await resolveReason(input.siteId, input.reasonId);
  const db = await getDb();
  const view = await getAppeal(input.siteId, input.appealId);
  if (!view || (input.threadId !== undefined && view.appeal.threadId !== input.threadId)) {
    throw new ActionRefusal('There is no such appeal on this site.', 'not-found');
  }
  const refuseDecided = (a: Appeal) =>
    new ActionRefusal(
      `This appeal was already ${OUTCOME_WORD[a.status as AppealOutcome] ?? a.status}${a.decidedByName ? ` by ${a.decidedByName}` : ''}${a.decidedAt ? ` on ${formatUtc(a.decidedAt)}` : ''}. An appeal is decided once.`,
      'appeal-decided',
    );
  if (view.appeal.status !== 'open') throw refuseDecided(view.appeal);
  // Lifting a site-wide decision is an admin's (as lifting it on the standing page is).
  if (
    input.outcome === 'overturned' &&
    STANDING_KINDS.includes(view.decision.kind) &&
    !can(input.actor.role, 'policy.manage')
  ) {
    throw new ActionRefusal(
      'Overturning a site ban, site mute or hold lifts it across the site: an admin decides this appeal. You can uphold it or leave it for an admin.',
      'forbidden',
    );
  }
  const freeText = input.freeText?.trim() ? input.freeText.trim().slice(0, 4000) : null;
  // Claim it first: two moderators deciding at once, only one goes on.
  const [claimed] = await db
    .update(appeals)
    .set({
      status: input.outcome,
      decidedAt: new Date(),
      decidedBy: input.actor.id,
      decidedByName: input.actor.name,
      reasonId: reason?.id ?? null,
      freeText,
      auditId: input.auditId ?? null,
    })
    .where(and(eq(appeals.id, input.appealId), eq(appeals.status, 'open')))
    .returning();
  if (!claimed) {
    const [now] = await db.select().from(appeals).where(eq(appeals.id, input.appealId));
    throw refuseDecided(now ?? view.appeal);
  }
  let reversal: Reversal | null = null;
  if (input.outcome === 'overturned') {
    reversal = await reverseDecision(await input.client(), view.decision, input.appealId, input.actor);
    await db
      .update(moderationDecisions)
      .set({ status: 'overturned', overturnedAt: new Date() })
      .where(eq(moderationDecisions.id, view.decision.id));
    await db.update(appeals).set({ reversal }).where(eq(appeals.id, input.appealId));
  }
  const noticeId = await queueNotice({
    siteId: input.siteId,
    kind: input.outcome === 'upheld' ? 'appeal_upheld' : 'appeal_overturned',
    recipientUserId: view.appeal.memberUserId,
    body: appealAnswerText({
      outcome: input.outcome,
      name: view.decision.subjectName,
      reasonTitle: reason?.title ?? null,
      freeText,
      reversal,
    }),
    decisionId: view.decision.id,
    appealId: input.appealId,
    threadId: view.appeal.threadId,
  });
  let notice: Notice | null = null;
  if (input.waitForNotice) notice = await deliverNotice(noticeId);
  else deliverNoticeLater(noticeId);
  return { appeal: { ...claimed, reversal }, reversal, noticeId, notice };
}

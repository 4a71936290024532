/**
 * What a rule does when it matches, each through the same code path a moderator's decision takes
 * (the queue decisions with their claims, the thread desk's delete and mute, the triage inbox,
 * standing decisions), audited under the moderator action's name with the member who switched the
 * rule on and `rule: { id, name }` in its params.
 */
import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { deleteThreadMessages, muteUser, type BmClient } from '@/lib/infra/better-messages';
import {
  intentsInsert,
  recordIntent,
  recordIntents,
  recordOutcome,
  recordOutcomes,
  type AuditSubject,
} from '@/lib/infra/actions/audit';
import { classifyError } from '@/lib/infra/actions/classify-error';
import { getActiveMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { errorWords } from '@/lib/infra/db/error-words';
import { jsonRows, rowsOf } from '@/lib/infra/db/rows';
import { auditOutcomes, sites } from '@/lib/infra/db/schema';
import { raiseAlert } from '@/lib/services/alerts/raise';
import type { DecisionKind } from '@/lib/services/decisions/constants';
import { recordDecision } from '@/lib/services/decisions/record';
import { createStandingDecision } from '@/lib/services/policy/standing';
import { personName } from '@/lib/services/threads/decision-subjects';
import { reasonIdByCode } from './reason-code';
import { prepareImageRemoval } from '@/lib/services/care/removed';
import { decide } from '@/lib/services/queues/decide';
import { deleteReportedAct, rejectAct } from '@/lib/services/queues/queue-decisions';
import { refreshThread } from '@/lib/services/site-index/refresh';
import type { OpenedSite } from '@/lib/services/sites/open-site';
import { saveLabel } from '@/lib/services/triage/catalogue';
import { addConversation, changeConversation } from '@/lib/services/triage/conversations';
import { triageLabels } from '@/lib/services/triage/schema';
import type { RuleMessage } from './evaluate';
import { reviewItems, ruleMatches } from './schema';
import type { RuleAction, RuleTrigger } from './tree';

export type ActionOutcome = {
  type: RuleAction['type'];
  outcome: 'ok' | 'would' | 'failed' | 'skipped';
  message?: string;
  auditId?: number;
};

/** A failure that is BM Desk's own (a bug, a missing piece), not the site's answer: the rule goes off. */
export class RuleActionBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleActionBug';
  }
}

export interface ActContext {
  siteId: number;
  /** The syncer's client: calls count against the site's own limit. */
  client: BmClient;
  /** The site, opened once per pass when an action needs it (queue decisions take it). */
  site: () => Promise<OpenedSite>;
  /** The member who switched the rule on (the audit's member; claims carry the rule's name too). */
  member: Member;
  rule: { id: number; name: string };
  trigger: RuleTrigger;
}

/** Audits one call as the moderator's action of that name would, with the rule in its params. */
async function audited<T>(
  ac: ActContext,
  action: string,
  subject: Omit<AuditSubject, 'siteId'>,
  call: () => Promise<T>,
): Promise<{ result: T; auditId: number }> {
  const auditId = await recordIntent(action, ac.member, {
    siteId: ac.siteId,
    target: subject.target,
    params: { ...subject.params, rule: ac.rule },
  });
  const started = performance.now();
  try {
    const result = await call();
    await recordOutcome(auditId, 'ok', performance.now() - started);
    return { result, auditId };
  } catch (err) {
    const c = classifyError(err);
    await recordOutcome(auditId, c.outcome, performance.now() - started, {
      code: c.code,
      message: c.code === 'internal' ? errorWords(err) : c.message,
    });
    throw Object.assign(err as Error, { auditId });
  }
}

/** The claim and the audit name the member and the rule: "Ann (rule #3 · Spam links)". */
function claimant(ac: ActContext): Member {
  return { ...ac.member, name: `${ac.member.name} (rule #${ac.rule.id} · ${ac.rule.name})`.slice(0, 200) };
}

const reason = (ac: ActContext) => `rule #${ac.rule.id} · ${ac.rule.name}`;

/**
 * The rule's decision as a statement of reasons (automated), with the action's reason when it
 * names one (the member is then told as the reason says, in the background). A failure to record
 * is logged: the site has carried the decision out, and the rule stays on.
 */
async function recordRuleDecision(
  ac: ActContext,
  action: RuleAction,
  msg: RuleMessage,
  kind: DecisionKind,
  more: { auditId?: number; endsAt?: Date | null },
): Promise<void> {
  try {
    const code = 'reasonCode' in action ? action.reasonCode : undefined;
    await recordDecision({
      siteId: ac.siteId,
      kind,
      subject: { bmUserId: msg.senderId, name: await personName(ac.siteId, msg.senderId) },
      threadIds: [msg.threadId],
      messageIds: kind === 'mute' ? [] : [msg.id],
      reasonId: code ? await reasonIdByCode(ac.siteId, code) : null,
      actor: { ruleId: ac.rule.id, name: reason(ac) },
      auditId: more.auditId ?? null,
      endsAt: more.endsAt ?? null,
    });
  } catch (err) {
    console.error(`[rules] rule #${ac.rule.id}: recording its decision failed: ${(err as Error).message}`);
  }
}

async function labelId(name: string): Promise<number> {
  const db = await getDb();
  const [found] = await db
    .select({ id: triageLabels.id })
    .from(triageLabels)
    .where(sql`lower(${triageLabels.name}) = lower(${name})`);
  if (found) return found.id;
  try {
    return await saveLabel({ name, colour: 'grey' });
  } catch {
    const [again] = await db
      .select({ id: triageLabels.id })
      .from(triageLabels)
      .where(sql`lower(${triageLabels.name}) = lower(${name})`);
    if (!again) throw new RuleActionBug(`The label “${name}” could not be made.`);
    return again.id;
  }
}

async function perform(action: RuleAction, msg: RuleMessage, ac: ActContext): Promise<ActionOutcome> {
  const on = { siteId: ac.siteId, messageId: msg.id };
  const target = { threadId: msg.threadId, messageId: msg.id, bmUserId: msg.senderId };
  switch (action.type) {
    case 'review': {
      const db = await getDb();
      const { result, auditId } = await audited(ac, 'sendToReview', { target }, async () =>
        db
          .insert(reviewItems)
          .values({
            siteId: ac.siteId,
            messageId: msg.id,
            threadId: msg.threadId,
            senderId: msg.senderId,
            ruleId: ac.rule.id,
            ruleName: ac.rule.name,
          })
          .onConflictDoNothing()
          .returning({ id: reviewItems.id }),
      );
      return result.length
        ? { type: 'review', outcome: 'ok', auditId }
        : { type: 'review', outcome: 'skipped', message: 'Already in review.', auditId };
    }
    case 'delete': {
      if (ac.trigger === 'report' || msg.reportCount > 0) {
        const { auditId } = await audited(ac, 'deleteReportedMessage', { target: on, params: {} }, async () =>
          decide(on, claimant(ac), 'report', 'delete', deleteReportedAct(on, ac.member.id), await ac.site()),
        );
        await recordRuleDecision(ac, action, msg, 'delete', { auditId });
        return { type: 'delete', outcome: 'ok', auditId };
      }
      if (msg.pending) {
        const { auditId } = await audited(ac, 'rejectPendingMessage', { target: on }, async () =>
          decide(on, claimant(ac), 'pending', 'reject', rejectAct(on, ac.member.id), await ac.site()),
        );
        await recordRuleDecision(ac, action, msg, 'reject', { auditId });
        return { type: 'delete', outcome: 'ok', auditId };
      }
      const { result, auditId } = await audited(
        ac,
        'deleteThreadMessages',
        { target: { threadId: msg.threadId, messageIds: [msg.id] }, params: { reason: reason(ac) } },
        async () => {
          const images = await prepareImageRemoval(ac.siteId, [msg.id]);
          const done = await deleteThreadMessages(ac.client, msg.threadId, [msg.id]);
          await images.record(done.deletedIds, ac.member.id);
          await refreshThread(await ac.site(), msg.threadId).catch((e: Error) =>
            console.error(`[rules] index refresh of thread ${msg.threadId} failed: ${e.message}`),
          );
          return done;
        },
      );
      if (result.deletedIds.includes(msg.id)) {
        await recordRuleDecision(ac, action, msg, 'delete', { auditId });
      }
      return result.deletedIds.includes(msg.id)
        ? { type: 'delete', outcome: 'ok', auditId }
        : {
            type: 'delete',
            outcome: 'failed',
            message: result.errors.join(' ').slice(0, 300) || 'The site did not delete it.',
            auditId,
          };
    }
    case 'reject': {
      if (!msg.pending) return { type: 'reject', outcome: 'skipped', message: 'The message is not pending.' };
      const { auditId } = await audited(ac, 'rejectPendingMessage', { target: on }, async () =>
        decide(on, claimant(ac), 'pending', 'reject', rejectAct(on, ac.member.id), await ac.site()),
      );
      await recordRuleDecision(ac, action, msg, 'reject', { auditId });
      return { type: 'reject', outcome: 'ok', auditId };
    }
    case 'mute': {
      const { auditId } = await audited(
        ac,
        'muteUserInThread',
        {
          target: { threadId: msg.threadId, bmUserId: msg.senderId },
          params: { duration: action.minutes, reason: reason(ac) },
        },
        async () => {
          await muteUser(ac.client, msg.threadId, msg.senderId, action.minutes);
          await refreshThread(await ac.site(), msg.threadId).catch(() => undefined);
        },
      );
      await recordRuleDecision(ac, action, msg, 'mute', {
        auditId,
        endsAt: new Date(Date.now() + action.minutes * 60_000),
      });
      return { type: 'mute', outcome: 'ok', auditId };
    }
    case 'standing': {
      const created = await createStandingDecision(
        {
          siteId: ac.siteId,
          bmUserId: msg.senderId,
          kind: action.kind,
          endsAt: action.days === null ? null : new Date(Date.now() + action.days * 86_400_000),
          holdMessages: action.holdMessages ?? false,
          reason: `${reason(ac)}: message #${msg.id}`,
        },
        { member: ac.member, rule: ac.rule },
        {
          client: ac.client,
          // Recorded by the policy service as the rule's (automated); the reason as the action names it.
          decision: {
            reasonId: action.reasonCode ? await reasonIdByCode(ac.siteId, action.reasonCode) : null,
            freeText: null,
          },
        },
      );
      return { type: 'standing', outcome: 'ok', message: `standing decision #${created.id}` };
    }
    case 'inbox': {
      const { auditId } = await audited(
        ac,
        'addThreadToInbox',
        { target: { threadId: msg.threadId }, params: { label: action.label } },
        async () => {
          await addConversation(ac.siteId, msg.threadId, claimant(ac));
          await changeConversation(
            ac.siteId,
            msg.threadId,
            { kind: 'label', labelId: await labelId(action.label), add: true },
            claimant(ac),
          );
        },
      );
      return { type: 'inbox', outcome: 'ok', auditId };
    }
    case 'alert': {
      // Desk addresses name the site by its slug.
      const db = await getDb();
      const [site] = await db.select({ slug: sites.slug }).from(sites).where(eq(sites.id, ac.siteId));
      const raised = await raiseAlert({
        siteId: ac.siteId,
        kind: 'rule',
        key: `rule:${ac.rule.id}:${ac.trigger}:${msg.id}`,
        title: `Rule “${ac.rule.name}” matched a message`,
        body: `Message #${msg.id} in thread #${msg.threadId}: ${msg.text.slice(0, 300)}`,
        link: site ? `/${site.slug}/threads/${msg.threadId}?message=${msg.id}#message-${msg.id}` : undefined,
        payload: { ruleId: ac.rule.id, messageId: msg.id, threadId: msg.threadId, senderId: msg.senderId },
      });
      return { type: 'alert', outcome: 'ok', message: `alert #${raised.id}` };
    }
  }
}

/**
 * Runs the actions in order and says what each did. A refusal or an outage of the site is that
 * action's outcome; a fault of BM Desk's own is thrown as RuleActionBug (the pass switches the
 * rule off).
 */
export async function runActions(
  actions: RuleAction[],
  msg: RuleMessage,
  ac: ActContext,
): Promise<ActionOutcome[]> {
  const out: ActionOutcome[] = [];
  for (const action of actions) {
    try {
      out.push(await perform(action, msg, ac));
    } catch (err) {
      if (err instanceof RuleActionBug) throw err;
      const c = classifyError(err);
      const auditId = (err as { auditId?: number }).auditId;
      if (c.code === 'internal') {
        throw new RuleActionBug(`The action “${action.type}” failed: ${errorWords(err)}`.slice(0, 500));
      }
      out.push({
        type: action.type,
        outcome: c.code === 'already-handled' || c.code === 'already-yours' ? 'skipped' : 'failed',
        message: c.message,
        ...(auditId ? { auditId } : {}),
      });
    }
  }
  return out;
}

/** A match whose rule only sends to the review queue: carried out with the pass's others at once. */
export interface ReviewMatch {
  msg: RuleMessage;
  rule: { id: number; name: string };
  member: Member;
}

/** Whether a rule's one action is the review queue (BM Desk's own database, no site call). */
export function onlyReview(actions: RuleAction[]): boolean {
  return actions.length === 1 && actions[0]!.type === 'review';
}

/**
 * Sends a pass's matches to the review queue together, in one statement: the audit intents (one
 * per match, as the one-by-one path writes them), the queue rows, their audit outcomes and, given
 * `matchIds`, each rule match's outcome; `also`, the caller's own data-modifying parts of the WITH
 * (`name AS (…)`), commit with them. Atomic: what is on record is what was done. When it fails,
 * the intents are written with the failure as their outcomes. A message two rules send is queued
 * once (the first rule's), the other told "Already in review.". Outcomes in the matches' order.
 */
export async function sendManyToReview(
  siteId: number,
  matches: ReviewMatch[],
  matchIds?: number[],
  also: SQL[] = [],
): Promise<ActionOutcome[]> {
  if (matches.length === 0) return [];
  const started = performance.now();
  const subjectOf = ({ msg, rule }: ReviewMatch) => ({
    target: { threadId: msg.threadId, messageId: msg.id, bmUserId: msg.senderId },
    params: { rule },
  });
  const db = await getDb();
  let decided: { ord: number; first: boolean; audit_id: number | string }[];
  try {
    // One JSON parameter for the rows (hundreds in a spam wave), not a dozen per row.
    const json = jsonRows(
      matches.map((m, i) => ({
        ord: i,
        message_id: m.msg.id,
        thread_id: m.msg.threadId,
        sender_id: m.msg.senderId,
        rule_id: m.rule.id,
        rule_name: m.rule.name,
        match_id: matchIds?.[i] ?? null,
        member_id: m.member.id,
        member_email: m.member.email,
        member_role: m.member.role,
        ...subjectOf(m),
      })),
    );
    decided = rowsOf(
      await db.execute(sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r(ord int, message_id bigint, thread_id bigint,
            sender_id bigint, rule_id int, rule_name text, match_id bigint, member_id int, member_email text,
            member_role text, target jsonb, params jsonb)
        ), intents AS (
          ${intentsInsert('sendToReview', siteId, sql`input`)}
        ), paired AS (
          -- The intents' ids come from the sequence in the matches' order.
          SELECT i.*, a.id AS audit_id
          FROM (SELECT *, row_number() OVER (ORDER BY ord) AS k FROM input) i
          JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM intents) a USING (k)
        ), queued AS (
          INSERT INTO ${reviewItems} (site_id, message_id, thread_id, sender_id, rule_id, rule_name)
          SELECT ${siteId}::int, message_id, thread_id, sender_id, rule_id, rule_name FROM input ORDER BY ord
          ON CONFLICT DO NOTHING
          RETURNING message_id
        ), decided AS (
          SELECT p.*, (q.message_id IS NOT NULL
            AND row_number() OVER (PARTITION BY p.message_id ORDER BY p.ord) = 1) AS first
          FROM paired p LEFT JOIN queued q ON q.message_id = p.message_id
        ), logged AS (
          INSERT INTO ${auditOutcomes} (audit_id, outcome, duration_ms)
          SELECT audit_id, 'ok', ${Math.round(performance.now() - started)}::int FROM paired
        ), noted AS (
          UPDATE ${ruleMatches} SET outcomes = jsonb_build_array(CASE WHEN d.first
            THEN jsonb_build_object('type', 'review', 'outcome', 'ok', 'auditId', d.audit_id)
            ELSE jsonb_build_object('type', 'review', 'outcome', 'skipped', 'message', 'Already in review.',
              'auditId', d.audit_id) END)
          FROM decided d WHERE d.match_id IS NOT NULL AND ${ruleMatches.id} = d.match_id
        )${also.length > 0 ? sql`, ${sql.join(also, sql`, `)}` : sql``}
        SELECT ord, first, audit_id FROM decided ORDER BY ord`),
    );
  } catch (err) {
    // Nothing of it was written: the attempt goes on record with why it failed.
    const c = classifyError(err);
    const byMember = new Map<number, number[]>();
    matches.forEach((m, i) => byMember.set(m.member.id, [...(byMember.get(m.member.id) ?? []), i]));
    for (const indexes of byMember.values()) {
      const auditIds = await recordIntents(
        'sendToReview',
        matches[indexes[0]!]!.member,
        siteId,
        indexes.map((i) => subjectOf(matches[i]!)),
      );
      await recordOutcomes(
        auditIds.map((auditId) => ({
          auditId,
          outcome: c.outcome,
          durationMs: performance.now() - started,
          code: c.code,
          message: c.code === 'internal' ? errorWords(err) : c.message,
        })),
      );
    }
    throw new RuleActionBug(`The action “review” failed: ${errorWords(err)}`.slice(0, 500));
  }
  return decided.map((d): ActionOutcome =>
    d.first === true
      ? { type: 'review', outcome: 'ok', auditId: Number(d.audit_id) }
      : { type: 'review', outcome: 'skipped', message: 'Already in review.', auditId: Number(d.audit_id) },
  );
}

/** The member who switched a rule on, when still active. */
export async function switchedByMember(memberId: number | null): Promise<Member | null> {
  if (memberId === null) return null;
  return getActiveMember(memberId);
}

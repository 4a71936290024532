/**
 * Every moderation decision is recorded here, by people and by rules alike: the statement of
 * reasons (kind, reason, free text, ground, automated or not, until when) and, when the member is
 * to be told, a strike and its notice. Call it after the site has carried the decision out; the
 * notice goes in the background and never blocks or undoes the decision.
 */
import 'server-only';
import { getDb } from '@/lib/infra/db/client';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { DecisionKind } from './constants';
import { deliverNotice, deliverNoticeLater, queueNotice, type Notice } from './notices';
import { getReason, type Reason } from './reasons';
import { moderationDecisions as d } from './schema';
import { getModerationSettings } from './settings';

export type DecisionReasonInput = {
  /** One of the site's reasons; null = none picked. */
  reasonId?: number | null;
  /** The moderator's own words (added to the reason's text in the notice). */
  freeText?: string | null;
  /** Tell the member; undefined = the reason's default (no reason: no notice). */
  notify?: boolean | null;
};

export type DecisionInput = DecisionReasonInput & {
  siteId: number;
  kind: DecisionKind;
  /** The member decided about; null when unknown (no notice, no strike). */
  subject: { bmUserId: number; name?: string | null } | null;
  threadIds?: readonly number[];
  messageIds?: readonly number[];
  /** A person ({ memberId, name }) or a rule ({ ruleId, name }, automated). */
  actor: { memberId: number | null; name: string } | { ruleId: number; name: string };
  auditId?: number | null;
  endsAt?: Date | null;
  /** When the decided item had entered its queue (for time to decision). */
  queuedAt?: Date | null;
  /** Wait for the notice's outcome (tests, jobs that report it); default: send in the background. */
  waitForNotice?: boolean;
};

export type RecordedDecision = {
  decisionId: number;
  strike: boolean;
  notice: Notice | null;
  noticeId: number | null;
};

/** Checks a picked reason belongs to the site, before anything is done on the site. */
export async function resolveReason(
  siteId: number,
  reasonId: number | null | undefined,
): Promise<Reason | null> {
  if (reasonId === null || reasonId === undefined) return null;
  const reason = await getReason(siteId, reasonId);
  if (!reason)
    throw new ActionRefusal('That reason is not on this site’s list any more. Pick another.', 'no-reason');
  if (reason.archivedAt) {
    throw new ActionRefusal(`The reason “${reason.title}” was archived. Pick another.`, 'no-reason');
  }
  return reason;
}

export async function recordDecision(input: DecisionInput): Promise<RecordedDecision> {
  // Checked (archived refused) before the site was called; archived since, it still explains.
  const reason = input.reasonId ? await getReason(input.siteId, input.reasonId) : null;
  if (input.reasonId && !reason) {
    throw new ActionRefusal('That reason is not on this site’s list any more. Pick another.', 'no-reason');
  }
  const freeText = input.freeText?.trim() ? input.freeText.trim().slice(0, 4000) : null;
  const wantsNotice = input.subject !== null && (input.notify ?? reason?.notify ?? false) === true;
  const automated = 'ruleId' in input.actor;
  const db = await getDb();
  const [row] = await db
    .insert(d)
    .values({
      siteId: input.siteId,
      kind: input.kind,
      subjectUserId: input.subject?.bmUserId ?? null,
      subjectName: input.subject?.name ?? null,
      threadIds: [...(input.threadIds ?? [])],
      messageIds: [...(input.messageIds ?? [])],
      reasonId: reason?.id ?? null,
      reasonCode: reason?.code ?? null,
      reasonTitle: reason?.title ?? null,
      freeText,
      ground: reason?.ground ?? null,
      groundReference: reason?.groundReference ?? null,
      automated,
      ruleId: 'ruleId' in input.actor ? input.actor.ruleId : null,
      actorMemberId: 'memberId' in input.actor ? input.actor.memberId : null,
      actorName: input.actor.name,
      auditId: input.auditId ?? null,
      endsAt: input.endsAt ?? null,
      strike: wantsNotice,
      queuedAt: input.queuedAt ?? null,
    })
    .returning({ id: d.id });
  const decisionId = row!.id;
  if (!wantsNotice || !input.subject) return { decisionId, strike: false, notice: null, noticeId: null };
  const settings = await getModerationSettings(input.siteId);
  const body = decisionNoticeText({
    kind: input.kind,
    name: input.subject.name ?? null,
    reason,
    freeText,
    endsAt: input.endsAt ?? null,
    threadCount: input.threadIds?.length ?? 0,
    messageCount: input.messageIds?.length ?? 0,
    appealDays: settings.appealDays,
  });
  const noticeId = await queueNotice({
    siteId: input.siteId,
    kind: 'decision',
    recipientUserId: input.subject.bmUserId,
    body,
    decisionId,
  });
  if (input.waitForNotice) {
    return { decisionId, strike: true, notice: await deliverNotice(noticeId), noticeId };
  }
  deliverNoticeLater(noticeId);
  return { decisionId, strike: true, notice: null, noticeId };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the member reads: what was decided, why, until when, and how to appeal. */
export function decisionNoticeText(input: {
  kind: DecisionKind;
  name: string | null;
  reason: Pick<Reason, 'title' | 'memberText'> | null;
  freeText: string | null;
  endsAt: Date | null;
  threadCount: number;
  messageCount: number;
  appealDays: number;
}): string {
  const lines: string[] = [input.name ? `Hello ${input.name},` : 'Hello,', ''];
  const inThreads =
    input.threadCount > 0 ? plural(input.threadCount, 'conversation', 'conversations') : 'a conversation';
  const what: Record<DecisionKind, string> = {
    warning: 'This is a warning from the moderators of this site.',
    ban: `The moderators removed your right to write in ${inThreads}.`,
    mute: `The moderators muted you in ${inThreads}.`,
    site_ban: 'The moderators banned you from writing anywhere on this site.',
    site_mute: 'The moderators muted you everywhere on this site.',
    hold: 'From now on a moderator checks your messages before others see them.',
    delete:
      input.messageCount > 1
        ? `The moderators removed ${input.messageCount} of your messages.`
        : 'The moderators removed one of your messages.',
    reject: 'The moderators did not publish your message.',
    dismiss: 'The moderators looked at a report about you and took no action.',
  };
  lines.push(what[input.kind]);
  if (input.reason) lines.push('', `Reason: ${input.reason.title}. ${input.reason.memberText}`);
  if (input.freeText) lines.push('', input.freeText);
  if (['ban', 'mute', 'site_ban', 'site_mute', 'hold'].includes(input.kind)) {
    lines.push('', input.endsAt ? `This lasts until ${formatUtc(input.endsAt)}.` : 'This has no end date.');
  }
  lines.push(
    '',
    `If you think this is a mistake, answer this message within ${plural(input.appealDays, 'day', 'days')}: a moderator will look at it again. You can appeal once.`,
  );
  return lines.join('\n');
}

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

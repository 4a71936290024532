/**
 * A queue decision as a statement of reasons: the reason is checked before anything is done on
 * the site, the decision recorded after the site carried it out (at send time, after the undo
 * window), with when the item had entered its queue; the reporters are told when the site gives
 * reporter feedback; "content is OK" marks the message. Nothing here undoes a decision that
 * went through: a failure to record is logged.
 */
import 'server-only';
import type { BmClient } from '@/lib/infra/better-messages';
import { BAN_UNTIL_LIFTED_MINUTES } from '@/lib/infra/better-messages/limits';
import type { Member } from '@/lib/infra/auth/members';
import type { DecisionKind } from '@/lib/services/decisions/constants';
import { markContentOk } from '@/lib/services/decisions/content-ok';
import { decisionReason } from '@/lib/services/decisions/fields';
import { recordDecision, resolveReason } from '@/lib/services/decisions/record';
import { tellReporters } from '@/lib/services/decisions/reporter-feedback';
import type { LiveItem, QueueKind } from './claims';
import { decide } from './decide';
import { queueEntryOf } from './queries';
import type { OpenedSite } from '@/lib/services/sites/open-site';

type Effect = { touchedThread?: boolean; alsoTouched?: number[] } | void;

export type QueueReasonInput = {
  siteId: number;
  messageId: number;
  reasonId?: number;
  reason?: string;
  notify?: boolean;
  notifyShown?: boolean;
};

export type QueueRecord = {
  kind: DecisionKind;
  /** Until when (ban, mute, hold), in minutes from now. */
  minutes?: number;
  /** The reporters hear "acted" or "kept" (reports queue only). */
  reporters?: 'acted' | 'kept';
  /** Dismissed with "content is OK": later reports of the message are dismissed at once. */
  contentOk?: boolean;
  /** Other messages the decision took (a distrusted sender's waiting messages). */
  alsoMessages?: (effect: Effect) => number[];
};

/**
 * `decide()` with the decision recorded: the same claim, act and index refresh, then the
 * record, the reporters' feedback and the content-OK mark.
 */
export async function decideWithReason(
  i: QueueReasonInput,
  member: Member,
  queue: QueueKind,
  words: string,
  act: (client: BmClient, item: LiveItem) => Promise<Effect>,
  record: QueueRecord,
  auditId: number | null = null,
  /** The site already opened (a job's claim of items). */
  opened?: OpenedSite,
): Promise<{ threadId: number }> {
  // A reason that is not the site's refuses before the site is touched; a dismissal never tells.
  const reason = decisionReason(i);
  if (record.kind === 'dismiss') reason.notify = false;
  await resolveReason(i.siteId, reason.reasonId);
  const entry = await queueEntryOf(i.siteId, i.messageId).catch(() => undefined);
  let seen: LiveItem | null = null;
  let effect: Effect = undefined;
  const done = await decide(
    i,
    member,
    queue,
    words,
    async (client, item) => {
      seen = item;
      effect = await act(client, item);
      return effect;
    },
    opened,
  );
  const item = seen as LiveItem | null;
  if (!item) return done;
  try {
    const recorded = await recordDecision({
      siteId: i.siteId,
      kind: record.kind,
      subject: { bmUserId: item.senderId, name: item.senderName ?? null },
      threadIds: [item.threadId],
      messageIds: [i.messageId, ...(record.alsoMessages?.(effect) ?? [])],
      reasonId: reason.reasonId,
      freeText: reason.freeText,
      notify: reason.notify,
      actor: { memberId: member.id, name: member.name },
      auditId,
      // "Until I lift it" has no end date to tell.
      endsAt:
        record.minutes && record.minutes < BAN_UNTIL_LIFTED_MINUTES
          ? new Date(Date.now() + record.minutes * 60_000)
          : null,
      queuedAt: entry?.queuedAt ?? null,
    });
    if (record.reporters) {
      await tellReporters({
        siteId: i.siteId,
        outcome: record.reporters,
        reporterBmUserIds: item.reports.map((r) => r.reporterBmUserId),
        decisionId: recorded.decisionId,
      });
    }
  } catch (e) {
    console.error(
      `[queues] recording the decision on message ${i.messageId} failed: ${(e as Error).message}`,
    );
  }
  if (record.contentOk) {
    await markContentOk({
      siteId: i.siteId,
      messageId: i.messageId,
      member: { id: member.id, name: member.name },
      note: reason.freeText,
    });
  }
  return done;
}

/**
 * A person's strikes (decisions they were told of) and the next step the site's ladder suggests.
 * A strike is active until the site's strike lifetime has passed (then expired) or an appeal
 * overturned it.
 */
import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import type { AppealStatus, DecisionGround, DecisionKind, NoticeStatus, StrikeStatus } from './constants';
import { chooseLadderStep, ladderStepLabel, type NextStep } from './ladder';
import { appeals, moderationDecisions as d, moderationNotices as n } from './schema';
import { getModerationSettings } from './settings';

export { chooseLadderStep, ladderStepLabel } from './ladder';

const DAY_MS = 86_400_000;

/** A strike's status: overturned by an appeal, expired past the site's lifetime, else active. */
export function strikeStatus(
  decision: { status: StrikeStatus; createdAt: Date },
  strikeDays: number,
  now: Date = new Date(),
): StrikeStatus {
  if (decision.status === 'overturned') return 'overturned';
  if (decision.status === 'expired') return 'expired';
  return now.getTime() - decision.createdAt.getTime() > strikeDays * DAY_MS ? 'expired' : 'active';
}

export type StrikeView = {
  decisionId: number;
  kind: DecisionKind;
  createdAt: Date;
  status: StrikeStatus;
  /** When it expires (or expired); null once overturned. */
  expiresAt: Date | null;
  reasonCode: string | null;
  reasonTitle: string | null;
  freeText: string | null;
  ground: DecisionGround | null;
  /** The person who decided, or the rule's name when a rule did. */
  who: string;
  automated: boolean;
  endsAt: Date | null;
  threadIds: number[];
  messageIds: number[];
  notice: { id: number; status: NoticeStatus; error: string | null; sentAt: Date | null } | null;
  appeal: { id: number; status: AppealStatus; openedAt: Date; decidedAt: Date | null } | null;
};

/** Newest first. */
export async function listStrikes(
  siteId: number,
  bmUserId: number,
  opts: { now?: Date; limit?: number } = {},
): Promise<StrikeView[]> {
  const db = await getDb();
  const settings = await getModerationSettings(siteId);
  const rows = await db
    .select()
    .from(d)
    .where(and(eq(d.siteId, siteId), eq(d.subjectUserId, bmUserId), eq(d.strike, true)))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(opts.limit ?? 200);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [notices, appealRows] = await Promise.all([
    db
      .select({
        id: n.id,
        decisionId: n.decisionId,
        status: n.status,
        error: n.error,
        sentAt: n.sentAt,
      })
      .from(n)
      .where(and(eq(n.siteId, siteId), inArray(n.decisionId, ids), eq(n.kind, 'decision')))
      .orderBy(desc(n.id)),
    db
      .select({
        id: appeals.id,
        decisionId: appeals.decisionId,
        status: appeals.status,
        openedAt: appeals.openedAt,
        decidedAt: appeals.decidedAt,
      })
      .from(appeals)
      .where(and(eq(appeals.siteId, siteId), inArray(appeals.decisionId, ids))),
  ]);
  const noticeOf = new Map<number, (typeof notices)[number]>();
  for (const row of notices)
    if (row.decisionId !== null && !noticeOf.has(row.decisionId)) noticeOf.set(row.decisionId, row);
  const appealOf = new Map(appealRows.map((a) => [a.decisionId, a]));
  const now = opts.now ?? new Date();
  return rows.map((r) => {
    const status = strikeStatus(r, settings.strikeDays, now);
    const notice = noticeOf.get(r.id);
    const appeal = appealOf.get(r.id);
    return {
      decisionId: r.id,
      kind: r.kind,
      createdAt: r.createdAt,
      status,
      expiresAt:
        status === 'overturned' ? null : new Date(r.createdAt.getTime() + settings.strikeDays * DAY_MS),
      reasonCode: r.reasonCode,
      reasonTitle: r.reasonTitle,
      freeText: r.freeText,
      ground: r.ground,
      who: r.actorName,
      automated: r.automated,
      endsAt: r.endsAt,
      threadIds: r.threadIds,
      messageIds: r.messageIds,
      notice: notice
        ? { id: notice.id, status: notice.status, error: notice.error, sentAt: notice.sentAt }
        : null,
      appeal: appeal
        ? { id: appeal.id, status: appeal.status, openedAt: appeal.openedAt, decidedAt: appeal.decidedAt }
        : null,
    };
  });
}

export type { NextStep } from './ladder';

/** What the site's ladder suggests for this person now, from their active strikes. */
export async function suggestNextStep(
  siteId: number,
  bmUserId: number,
  opts: { now?: Date; strikes?: StrikeView[] } = {},
): Promise<NextStep> {
  const [settings, strikes] = await Promise.all([
    getModerationSettings(siteId),
    opts.strikes ? Promise.resolve(opts.strikes) : listStrikes(siteId, bmUserId, { now: opts.now }),
  ]);
  const activeStrikes = strikes.filter((s) => s.status === 'active').length;
  const { step, index } = chooseLadderStep(settings.ladder, activeStrikes);
  return { step, index, activeStrikes, label: ladderStepLabel(step), ladderLength: settings.ladder.length };
}

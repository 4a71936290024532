/**
 * A conversation's waiting time and status, computed from its messages (as the index holds
 * them) alone: no database, no clock but the one passed in, so every rule is unit-tested with
 * exact figures. "User" is a person on the site; "support" is one of the site's support accounts.
 */
import type { TriageStatus } from './constants';

export type TriageMessage = {
  id: number;
  senderId: number;
  createdAt: Date;
  /** Held by the site's pre-moderation: the other side does not see it yet. */
  pending?: boolean;
};

export type TriageState = {
  status: TriageStatus;
  statusChangedAt: Date;
  /** The last message seen when the status was set; null: compare times instead. */
  statusSeenMessageId: number | null;
  snoozedUntil: Date | null;
  resolvedAt: Date | null;
  firstResponseAt: Date | null;
  reopenedCount: number;
};

type TriageEventDraft = { kind: 'reopened' | 'woke'; at: Date; detail: Record<string, unknown> };

export type TriageComputed = TriageState & {
  waitingSince: Date | null;
  firstUserMessageAt: Date | null;
  lastUserMessageAt: Date | null;
  events: TriageEventDraft[];
};

const byTime = (a: TriageMessage, b: TriageMessage) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;

export function computeTriage(
  messages: readonly TriageMessage[],
  supportIds: ReadonlySet<number>,
  previous: TriageState,
  now: Date,
): TriageComputed {
  const isSupport = (m: TriageMessage) => supportIds.has(m.senderId);
  // System messages (sender 0) neither ask nor answer; a support reply held by pre-moderation
  // answers nothing until approved (the plugin then re-stamps its time to the approval's).
  const list = messages.filter((m) => m.senderId !== 0 && !(m.pending && isSupport(m))).sort(byTime);

  let lastSupport = -1;
  list.forEach((m, i) => {
    if (isSupport(m)) lastSupport = i;
  });
  const waiting = list.slice(lastSupport + 1).find((m) => !isSupport(m)) ?? null;

  const firstUserIndex = list.findIndex((m) => !isSupport(m));
  const firstUser = firstUserIndex >= 0 ? list[firstUserIndex]! : null;
  const firstAnswer = firstUser ? (list.slice(firstUserIndex + 1).find(isSupport) ?? null) : null;
  const lastUser = [...list].reverse().find((m) => !isSupport(m)) ?? null;

  const state: TriageState = {
    ...previous,
    firstResponseAt: previous.firstResponseAt ?? firstAnswer?.createdAt ?? null,
  };
  const events: TriageEventDraft[] = [];
  const lastId = list.reduce((max, m) => Math.max(max, m.id), 0);
  // Message ids grow on the site; the index's times are whole seconds, so ids decide when known.
  const userSpokeSince = (s: TriageState) =>
    lastUser !== null &&
    (s.statusSeenMessageId !== null
      ? lastUser.id > s.statusSeenMessageId
      : lastUser.createdAt.getTime() > s.statusChangedAt.getTime());

  if (state.status === 'snoozed' && state.snoozedUntil && state.snoozedUntil.getTime() <= now.getTime()) {
    events.push({ kind: 'woke', at: state.snoozedUntil, detail: { snoozedUntil: state.snoozedUntil } });
    Object.assign(state, {
      status: 'open',
      statusChangedAt: state.snoozedUntil,
      statusSeenMessageId: lastId || null,
      snoozedUntil: null,
    });
  } else if (state.status !== 'open' && userSpokeSince(state)) {
    // A new message from the user: a resolved conversation reopens, a pending or snoozed one is due.
    // Not before the change it undoes (the index's times are whole seconds).
    const at = new Date(Math.max(lastUser!.createdAt.getTime(), state.statusChangedAt.getTime()));
    events.push({
      kind: 'reopened',
      at,
      detail: { from: state.status, ...(state.resolvedAt ? { resolvedAt: state.resolvedAt } : {}) },
    });
    Object.assign(state, {
      status: 'open',
      statusChangedAt: at,
      statusSeenMessageId: lastId || null,
      snoozedUntil: null,
      reopenedCount: state.status === 'resolved' ? state.reopenedCount + 1 : state.reopenedCount,
      resolvedAt: null,
    });
  }

  return {
    ...state,
    waitingSince: waiting?.createdAt ?? null,
    firstUserMessageAt: firstUser?.createdAt ?? null,
    lastUserMessageAt: lastUser?.createdAt ?? null,
    events,
  };
}

/** Milliseconds waited so far, or null when nobody waits. */
export function waitedMs(waitingSince: Date | null, now: Date): number | null {
  return waitingSince ? Math.max(0, now.getTime() - waitingSince.getTime()) : null;
}

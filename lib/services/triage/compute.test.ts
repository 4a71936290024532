import { describe, expect, it } from 'vitest';
import { formatWaiting } from './constants';
import { computeTriage, waitedMs, type TriageMessage, type TriageState } from './compute';

const SUPPORT = 9;
const USER = 2;
const OTHER_USER = 3;
const supportIds = new Set([SUPPORT]);
const t = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
let nextId = 1;
const msg = (senderId: number, hhmm: string): TriageMessage => ({
  id: nextId++,
  senderId,
  createdAt: t(hhmm),
});

const fresh: TriageState = {
  status: 'open',
  statusChangedAt: t('00:00'),
  statusSeenMessageId: null,
  snoozedUntil: null,
  resolvedAt: null,
  firstResponseAt: null,
  reopenedCount: 0,
};

describe('waiting since', () => {
  it('is the oldest user message not answered after it', () => {
    const messages = [
      msg(USER, '08:00'),
      msg(SUPPORT, '08:30'),
      msg(USER, '09:05'),
      msg(OTHER_USER, '09:40'),
      msg(USER, '10:00'),
    ];
    const r = computeTriage(messages, supportIds, fresh, t('12:17'));
    expect(r.waitingSince).toEqual(t('09:05'));
    expect(r.firstUserMessageAt).toEqual(t('08:00'));
    expect(r.firstResponseAt).toEqual(t('08:30'));
    expect(r.lastUserMessageAt).toEqual(t('10:00'));
    expect(waitedMs(r.waitingSince, t('12:17'))).toBe((3 * 60 + 12) * 60_000);
    expect(formatWaiting(waitedMs(r.waitingSince, t('12:17'))!)).toBe('3 h 12 m');
  });

  it('is null once a support account answered last, whatever the order the messages came in', () => {
    const messages = [msg(SUPPORT, '11:00'), msg(USER, '08:00'), msg(USER, '09:00')];
    const r = computeTriage(messages, supportIds, fresh, t('12:00'));
    expect(r.waitingSince).toBeNull();
    expect(r.firstResponseAt).toEqual(t('11:00'));
  });

  it('ignores system messages and support messages before the first user message', () => {
    const messages = [msg(SUPPORT, '07:00'), msg(0, '07:30'), msg(USER, '08:00'), msg(0, '08:10')];
    const r = computeTriage(messages, supportIds, fresh, t('09:00'));
    expect(r.waitingSince).toEqual(t('08:00'));
    // A support greeting before anyone asked is not a response.
    expect(r.firstResponseAt).toBeNull();
  });

  it('keeps the first response once recorded', () => {
    const messages = [msg(USER, '08:00'), msg(SUPPORT, '09:00')];
    const r = computeTriage(messages, supportIds, { ...fresh, firstResponseAt: t('08:15') }, t('10:00'));
    expect(r.firstResponseAt).toEqual(t('08:15'));
  });

  it('does not count a support reply held by pre-moderation: the member does not see it', () => {
    const held = { ...msg(SUPPORT, '08:05'), pending: true };
    const r = computeTriage([msg(USER, '08:00'), held], supportIds, fresh, t('09:00'));
    expect(r.waitingSince).toEqual(t('08:00'));
    expect(r.firstResponseAt).toBeNull();
    // Approved, the plugin re-stamps it to the approval's time: the answer counts from then.
    const approved = { ...held, pending: false, createdAt: t('08:40') };
    const after = computeTriage([msg(USER, '08:00'), approved], supportIds, fresh, t('09:00'));
    expect(after.waitingSince).toBeNull();
    expect(after.firstResponseAt).toEqual(t('08:40'));
  });

  it('formats waiting times', () => {
    expect(formatWaiting(30_000)).toBe('< 1 m');
    expect(formatWaiting(45 * 60_000)).toBe('45 m');
    expect(formatWaiting((2 * 1440 + 4 * 60 + 5) * 60_000)).toBe('2 d 4 h');
  });
});

describe('status from new messages', () => {
  const resolved: TriageState = {
    ...fresh,
    status: 'resolved',
    statusChangedAt: t('10:00'),
    resolvedAt: t('10:00'),
    firstResponseAt: t('08:30'),
  };

  it('a user message after the resolution reopens the conversation', () => {
    const messages = [msg(USER, '08:00'), msg(SUPPORT, '08:30'), msg(USER, '10:45')];
    const r = computeTriage(messages, supportIds, resolved, t('11:00'));
    expect(r.status).toBe('open');
    expect(r.reopenedCount).toBe(1);
    expect(r.resolvedAt).toBeNull();
    expect(r.statusChangedAt).toEqual(t('10:45'));
    expect(r.waitingSince).toEqual(t('10:45'));
    expect(r.events).toEqual([
      { kind: 'reopened', at: t('10:45'), detail: { from: 'resolved', resolvedAt: t('10:00') } },
    ]);
  });

  it('stays resolved when only support spoke after, or the user spoke before', () => {
    const messages = [msg(USER, '08:00'), msg(SUPPORT, '08:30'), msg(USER, '09:50'), msg(SUPPORT, '10:30')];
    const r = computeTriage(messages, supportIds, resolved, t('11:00'));
    expect(r.status).toBe('resolved');
    expect(r.resolvedAt).toEqual(t('10:00'));
    expect(r.events).toEqual([]);
  });

  it('decides by message id when known: a message in the same second as the resolution reopens', () => {
    const asked = msg(USER, '10:00');
    const answered = msg(SUPPORT, '10:00');
    const again = msg(USER, '10:00');
    const sameSecond: TriageState = {
      ...resolved,
      statusChangedAt: new Date(t('10:00').getTime() + 400),
      statusSeenMessageId: answered.id,
    };
    const r = computeTriage([asked, answered, again], supportIds, sameSecond, t('10:01'));
    expect(r).toMatchObject({ status: 'open', reopenedCount: 1, statusSeenMessageId: again.id });
    // Nothing new since: stays resolved.
    const quiet = computeTriage([asked, answered], supportIds, sameSecond, t('10:01'));
    expect(quiet.status).toBe('resolved');
  });

  it('a pending conversation is open again when the user answers', () => {
    const pending: TriageState = { ...fresh, status: 'pending', statusChangedAt: t('09:00') };
    const r = computeTriage([msg(USER, '08:00'), msg(USER, '09:30')], supportIds, pending, t('10:00'));
    expect(r.status).toBe('open');
    expect(r.reopenedCount).toBe(0);
  });
});

describe('snooze', () => {
  const snoozed: TriageState = {
    ...fresh,
    status: 'snoozed',
    statusChangedAt: t('09:00'),
    snoozedUntil: t('13:00'),
  };
  const messages = [msg(USER, '08:00')];

  it('sleeps until its time', () => {
    const r = computeTriage(messages, supportIds, snoozed, t('12:59'));
    expect(r.status).toBe('snoozed');
    expect(r.snoozedUntil).toEqual(t('13:00'));
  });

  it('wakes at its time, open again', () => {
    const r = computeTriage(messages, supportIds, snoozed, t('13:00'));
    expect(r.status).toBe('open');
    expect(r.snoozedUntil).toBeNull();
    expect(r.statusChangedAt).toEqual(t('13:00'));
    expect(r.events).toEqual([{ kind: 'woke', at: t('13:00'), detail: { snoozedUntil: t('13:00') } }]);
  });

  it('wakes early when the user writes again', () => {
    const r = computeTriage([...messages, msg(USER, '10:00')], supportIds, snoozed, t('10:05'));
    expect(r.status).toBe('open');
    expect(r.events[0]).toMatchObject({ kind: 'reopened', detail: { from: 'snoozed' } });
  });
});

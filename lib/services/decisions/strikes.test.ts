/**
 * Strikes on PGlite: decisions recorded through recordDecision become strikes when the member is
 * told (even with notices off, which the strike says), their status follows the site's strike
 * lifetime and overturning, and the ladder suggests the step after the active strikes.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { supportAccounts } from '@/lib/services/triage/schema';
import { DEFAULT_LADDER, type LadderStep } from './constants';
import { chooseLadderStep, ladderProblem, ladderStepLabel } from './ladder';
import { listReasons } from './reasons';
import { recordDecision } from './record';
import { appeals, moderationDecisions } from './schema';
import { saveModerationSettings } from './settings';
import { listStrikes, strikeStatus, suggestNextStep } from './strikes';

const DAY = 86_400_000;
const tag = `strikes-${process.pid}-${Date.now()}`;

async function newSite(name: string) {
  const db = await getDb();
  const [site] = await db
    .insert(sites)
    .values({ slug: `${tag}-${name}`, name, url: 'https://strikes.test', username: 'a', sealedPassword: 'x' })
    .returning({ id: sites.id });
  return site!.id;
}

describe('the ladder choice (pure)', () => {
  const ladder: LadderStep[] = DEFAULT_LADDER;

  it('suggests the step after the active strikes, and repeats the last', () => {
    expect(chooseLadderStep(ladder, 0)).toEqual({ step: { action: 'warning', minutes: null }, index: 0 });
    expect(chooseLadderStep(ladder, 1)).toEqual({ step: { action: 'mute', minutes: 1440 }, index: 1 });
    expect(chooseLadderStep(ladder, 2).index).toBe(2);
    expect(chooseLadderStep(ladder, 3)).toEqual({ step: { action: 'site_ban', minutes: null }, index: 3 });
    expect(chooseLadderStep(ladder, 40)).toEqual({ step: { action: 'site_ban', minutes: null }, index: 3 });
    expect(chooseLadderStep([{ action: 'mute', minutes: 60 }], 5).step).toEqual({
      action: 'mute',
      minutes: 60,
    });
  });

  it('names steps the way moderators say them', () => {
    expect(DEFAULT_LADDER.map(ladderStepLabel)).toEqual(['Warning', 'Mute 1 day', 'Ban 7 days', 'Site ban']);
    expect(ladderStepLabel({ action: 'mute', minutes: 120 })).toBe('Mute 2 hours');
    expect(ladderStepLabel({ action: 'ban', minutes: null })).toBe('Ban until lifted');
    expect(ladderStepLabel({ action: 'site_mute', minutes: 30 * 1440 })).toBe('Site mute 30 days');
  });

  it('finds what is wrong with a ladder, in words', () => {
    expect(ladderProblem(DEFAULT_LADDER, 5_256_000)).toBeNull();
    expect(ladderProblem([], 5_256_000)).toBe('The ladder needs at least one step.');
    expect(ladderProblem([{ action: 'warning', minutes: 60 }], 5_256_000)).toBe(
      'Step 1: a warning has no duration.',
    );
    expect(
      ladderProblem(
        [
          { action: 'warning', minutes: null },
          { action: 'mute', minutes: 0 },
        ],
        100,
      ),
    ).toMatch(/^Step 2: the duration must be between 1 minute and/);
    expect(ladderProblem(Array(11).fill({ action: 'warning', minutes: null }), 100)).toBe(
      'At most 10 steps.',
    );
  });

  it('says a strike is active, expired past the lifetime, or overturned', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    expect(strikeStatus({ status: 'active', createdAt: at(89) }, 90, now)).toBe('active');
    expect(strikeStatus({ status: 'active', createdAt: at(91) }, 90, now)).toBe('expired');
    expect(strikeStatus({ status: 'overturned', createdAt: at(1) }, 90, now)).toBe('overturned');
    expect(strikeStatus({ status: 'overturned', createdAt: at(200) }, 90, now)).toBe('overturned');
  });
});

describe('strikes recorded through recordDecision', () => {
  let siteId = 0;
  const person = 4242;
  let spam = 0;
  let harassment = 0;

  beforeAll(async () => {
    siteId = await newSite('a');
    const reasons = await listReasons(siteId);
    spam = reasons.find((r) => r.code === 'spam')!.id;
    harassment = reasons.find((r) => r.code === 'harassment')!.id;
  });

  const decide = (input: Partial<Parameters<typeof recordDecision>[0]>) =>
    recordDecision({
      siteId,
      kind: 'mute',
      subject: { bmUserId: person, name: 'Pat Example' },
      actor: { memberId: null, name: 'Mo Moderator' },
      waitForNotice: true,
      ...input,
    });

  it('counts a decision the member is told of, and not one they are not', async () => {
    expect((await suggestNextStep(siteId, person)).label).toBe('Warning');
    // Spam tells no one by default: no strike.
    const quiet = await decide({ kind: 'delete', reasonId: spam, messageIds: [11] });
    expect(quiet.strike).toBe(false);
    expect(await listStrikes(siteId, person)).toEqual([]);

    // Harassment tells by default; with no moderation account the notice is off, and says why.
    const told = await decide({
      kind: 'warning',
      reasonId: harassment,
      threadIds: [7],
      messageIds: [70, 71],
    });
    expect(told.strike).toBe(true);
    const [strike] = await listStrikes(siteId, person);
    expect(strike).toMatchObject({
      decisionId: told.decisionId,
      kind: 'warning',
      status: 'active',
      reasonTitle: 'Harassment',
      who: 'Mo Moderator',
      automated: false,
      threadIds: [7],
      messageIds: [70, 71],
      appeal: null,
    });
    expect(strike!.notice).toMatchObject({ status: 'off' });
    expect(strike!.notice!.error).toContain('No moderation account is chosen');

    const next = await suggestNextStep(siteId, person);
    expect(next).toMatchObject({ activeStrikes: 1, index: 1, label: 'Mute 1 day' });
  });

  it('says why when the moderation account has no stored password', async () => {
    const db = await getDb();
    const [account] = await db
      .insert(supportAccounts)
      .values({ siteId, bmUserId: 99, username: 'mods', name: 'Site Moderators', sealedPassword: null })
      .returning({ id: supportAccounts.id });
    await saveModerationSettings(siteId, { moderationAccountId: account!.id });
    const r = await decide({
      kind: 'ban',
      reasonId: harassment,
      notify: true,
      actor: { ruleId: 3, name: 'Slurs' },
    });
    const [newest] = await listStrikes(siteId, person);
    expect(newest!.decisionId).toBe(r.decisionId);
    expect(newest!.automated).toBe(true);
    expect(newest!.notice!.status).toBe('off');
    expect(newest!.notice!.error).toBe(
      'The moderation account Site Moderators has no application password stored, so BM Desk cannot write as it.',
    );
    expect((await suggestNextStep(siteId, person)).activeStrikes).toBe(2);
  });

  it('leaves overturned and expired strikes out of the ladder, and shows the appeal', async () => {
    const db = await getDb();
    const strikes = await listStrikes(siteId, person);
    expect(strikes.map((s) => s.status)).toEqual(['active', 'active']);
    const [newest, older] = strikes;
    // The newer one was appealed and overturned.
    await db
      .update(moderationDecisions)
      .set({ status: 'overturned', overturnedAt: new Date() })
      .where(eq(moderationDecisions.id, newest!.decisionId));
    await db.insert(appeals).values({
      siteId,
      decisionId: newest!.decisionId,
      threadId: 555,
      memberUserId: person,
      status: 'overturned',
      decidedAt: new Date(),
    });
    // The older one is 100 days old: past the default 90-day lifetime.
    await db
      .update(moderationDecisions)
      .set({ createdAt: new Date(Date.now() - 100 * DAY) })
      .where(eq(moderationDecisions.id, older!.decisionId));
    const after = await listStrikes(siteId, person);
    expect(after.map((s) => [s.decisionId, s.status])).toEqual([
      [newest!.decisionId, 'overturned'],
      [older!.decisionId, 'expired'],
    ]);
    expect(after[0]!.appeal).toMatchObject({ status: 'overturned' });
    expect(after[0]!.expiresAt).toBeNull();
    expect(await suggestNextStep(siteId, person)).toMatchObject({ activeStrikes: 0, label: 'Warning' });

    // A longer lifetime makes the old strike count again; a custom ladder is followed.
    await saveModerationSettings(siteId, {
      strikeDays: 365,
      ladder: [
        { action: 'mute', minutes: 60 },
        { action: 'ban', minutes: 3 * 1440 },
      ],
    });
    expect((await listStrikes(siteId, person)).map((s) => s.status)).toEqual(['overturned', 'active']);
    expect(await suggestNextStep(siteId, person)).toMatchObject({
      activeStrikes: 1,
      index: 1,
      label: 'Ban 3 days',
      ladderLength: 2,
    });
  });

  it('keeps strikes per site and per person', async () => {
    const other = await newSite('b');
    expect(await listStrikes(other, person)).toEqual([]);
    expect(await listStrikes(siteId, person + 1)).toEqual([]);
  });
});

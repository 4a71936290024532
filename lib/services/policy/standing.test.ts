/**
 * Standing decisions and protected accounts against the demo site over real HTTP, on the real
 * database: who is protected and why; a hold blacklists at once and is lifted by hand, audited
 * with the rule that took it; a site mute is applied by the durable job in the person's threads
 * and, at its end, lifted by the sync's turn, a failed lift recorded and retried on the next turn.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createThread, getAdminUser } from '@/lib/infra/better-messages';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';
import { JobRunner } from '@/lib/services/jobs/runner';
import { jobs } from '@/lib/services/jobs/schema';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { supportAccounts } from '@/lib/services/triage/schema';
import {
  clientAs,
  connectSite,
  control,
  startTestSite,
  stopTestSite,
  waitFor,
} from '@/tests/support/site-index';
import { guardProtected, PROTECTED_CODE } from './override';
import { forgetSiteAdmins, loadProtected, markProtected, unmarkProtected } from './protected';
import { standingApplied, standingDecisions } from './schema';
import {
  createStandingDecision,
  extendStandingDecision,
  liftStandingDecision,
  type PolicyActor,
} from './standing';
import { endDue, forgetRetries } from './sync-hooks';

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId = 0;
let client: ReturnType<typeof clientAs>;
let member: PolicyActor['member'];
const user = (n: string) => Number(t.site.credentials[`BM_SITE_USER${n}_ID`]);

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId, client } = await connectSite(t.site));
  const m = await createMember({
    email: `standing-${Date.now()}@example.test`,
    name: 'Standing admin',
    password: 'a-long-password-1',
    role: 'admin',
  });
  member = { id: m.id, email: m.email, role: m.role };
}, 60_000);

afterAll(async () => {
  forgetSiteAdmins();
  await stopTestSite(t);
});

async function auditsOf(action: string) {
  const db = await getDb();
  return db
    .select({
      params: auditLog.params,
      target: auditLog.target,
      memberId: auditLog.memberId,
      outcome: auditOutcomes.outcome,
    })
    .from(auditLog)
    .leftJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
    .where(and(eq(auditLog.siteId, siteId), eq(auditLog.action, action)));
}

async function decision(id: number) {
  const db = await getDb();
  const [d] = await db.select().from(standingDecisions).where(eq(standingDecisions.id, id));
  return d!;
}

async function applied(id: number) {
  const db = await getDb();
  return db.select().from(standingApplied).where(eq(standingApplied.decisionId, id));
}

describe('protected accounts', () => {
  it('are the connected account, the support accounts and those marked, each with why', async () => {
    const db = await getDb();
    await db
      .insert(supportAccounts)
      .values({ siteId, bmUserId: user('3'), username: 'support', name: 'Support' });
    await markProtected(siteId, user('4'), 'the owner’s partner', member!.id);
    const p = await loadProtected(siteId);
    expect(p.reasonFor(user(''))).toBe('the connected account');
    expect(p.reasonFor(user('3'))).toBe('a support account');
    expect(p.reasonFor(user('4'))).toBe('marked protected: the owner’s partner');
    expect(p.reasonFor(user('2'))).toBeNull();

    // Manual actions: refused without an override and its reason, let through with them.
    await expect(guardProtected(siteId, user('4'), {})).rejects.toMatchObject({ code: PROTECTED_CODE });
    await expect(
      guardProtected(siteId, user('4'), { override: true, overrideReason: ' ' }),
    ).rejects.toMatchObject({
      code: PROTECTED_CODE,
    });
    await expect(
      guardProtected(siteId, user('4'), { override: true, overrideReason: 'they asked' }),
    ).resolves.toBe('marked protected: the owner’s partner');
    await expect(guardProtected(siteId, user('2'), {})).resolves.toBeNull();

    // No standing decision about them.
    await expect(
      createStandingDecision(
        { siteId, bmUserId: user('3'), kind: 'ban', endsAt: null, holdMessages: false, reason: 'x' },
        { member },
      ),
    ).rejects.toMatchObject({ code: 'protected', message: expect.stringContaining('(a support account)') });

    expect(await unmarkProtected(siteId, user('4'))).toBe(true);
    expect((await loadProtected(siteId)).reasonFor(user('4'))).toBeNull();
    await db.delete(supportAccounts).where(eq(supportAccounts.siteId, siteId));
  });
});

describe('what the site says about its administrators', () => {
  it('for the rules, past its minute is answered at once while read again; a member’s action waits', async () => {
    forgetSiteAdmins(siteId);
    const first = await loadProtected(siteId);
    expect(first.reasonFor(user(''))).toBe('the connected account');
    await control(t.site, { latencyMs: 3_000 });
    const later = Date.now() + 2 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'], now: later });
    const timed = async (stale: boolean) => {
      const started = performance.now();
      const p = await loadProtected(siteId, { stale });
      return { ms: performance.now() - started, p };
    };
    try {
      const rules = await timed(true);
      expect(rules.ms).toBeLessThan(1_500);
      expect(rules.p.reasonFor(user(''))).toBe('the connected account');
      // A member's ban or mute asks the site again past the minute.
      expect((await timed(false)).ms).toBeGreaterThan(1_000);
      // Long past (over ten minutes), the rules wait too rather than trust it.
      vi.setSystemTime(later + 20 * 60_000);
      expect((await timed(true)).ms).toBeGreaterThan(2_500);
    } finally {
      vi.useRealTimers();
      await control(t.site, null);
    }
  }, 30_000);
});

describe('hold', () => {
  it('blacklists at once, audited with the rule that took it; lifted by hand, un-blacklisted', async () => {
    const actor: PolicyActor = { member, rule: { id: 9_999, name: 'spam wave' } };
    const { id, jobId } = await createStandingDecision(
      { siteId, bmUserId: user('2'), kind: 'hold', endsAt: null, holdMessages: false, reason: 'spam' },
      actor,
    );
    expect(jobId).toBeNull();
    expect((await getAdminUser(client, user('2'))).moderationStatus).toBe(true);
    expect((await applied(id)).map((a) => [a.threadId, a.what])).toEqual([[0, 'blacklist']]);
    expect(await auditsOf('blacklistUser')).toContainEqual(
      expect.objectContaining({
        memberId: member!.id,
        outcome: 'ok',
        params: expect.objectContaining({
          standing: id,
          rule: { id: 9_999, name: 'spam wave' },
          reason: `by hold #${id}`,
        }),
      }),
    );
    await expect(
      createStandingDecision(
        { siteId, bmUserId: user('2'), kind: 'hold', endsAt: null, holdMessages: false, reason: 'again' },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'already-standing' });

    expect(await liftStandingDecision(id, { member }, 'they apologised')).toMatchObject({
      done: true,
      lifted: 1,
    });
    expect((await getAdminUser(client, user('2'))).moderationStatus).toBeNull();
    expect(await decision(id)).toMatchObject({
      endReason: 'they apologised',
      endedBy: member!.id,
      liftedAt: expect.any(Date),
      liftError: null,
    });
    await expect(liftStandingDecision(id, { member }, '')).rejects.toMatchObject({ code: 'ended' });
  });
});

describe('site mute', () => {
  it('is applied by the job in their threads; at its end the sync lifts it, retrying a failed lift', async () => {
    const thread = await createThread(client, {
      recipientBmUserIds: [user('2')],
      subject: 'standing mute',
      message: 'hi',
    });
    await refreshThread(siteId, thread.threadId);
    const runner = new JobRunner({ pollMs: 100, siteIds: [siteId] }).start();
    try {
      await expect(
        createStandingDecision(
          {
            siteId,
            bmUserId: user('2'),
            kind: 'mute',
            endsAt: new Date(Date.now() - 1),
            holdMessages: false,
            reason: 'x',
          },
          { member },
        ),
      ).rejects.toMatchObject({ code: 'ends-in-past' });
      const { id, jobId } = await createStandingDecision(
        {
          siteId,
          bmUserId: user('2'),
          kind: 'mute',
          endsAt: new Date(Date.now() + 60_000),
          holdMessages: false,
          reason: 'flood',
        },
        { member },
      );
      const db = await getDb();
      await waitFor('the apply job', async () => {
        const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId!));
        return job?.status === 'done';
      });
      const rows = await applied(id);
      expect(rows.map((r) => [r.threadId, r.what])).toContainEqual([thread.threadId, 'mute']);
      expect(await auditsOf('muteUserInThread')).toContainEqual(
        expect.objectContaining({
          target: { threadId: thread.threadId, bmUserId: user('2') },
          params: expect.objectContaining({ standing: id, job: jobId }),
        }),
      );

      await extendStandingDecision(id, null, { member });
      expect((await decision(id)).endsAt).toBeNull();
      // Its end comes (as if time had passed); the site refuses one lift.
      await db
        .update(standingDecisions)
        .set({ endsAt: new Date(Date.now() - 1000) })
        .where(eq(standingDecisions.id, id));
      await control(t.site, {
        errorRate: 1,
        only: `/better-messages/v1/thread/${thread.threadId}/unmuteUser`,
      });
      const noRetry = clientAs(t.site, '', { maxRetries: 0 });
      await endDue({ db, siteId, client: noRetry });
      const half = await decision(id);
      expect(half).toMatchObject({ endReason: 'its end time came', liftedAt: null });
      expect(half.endedAt).toBeInstanceOf(Date);
      expect(half.liftError).toMatch(new RegExp(`thread #${thread.threadId}`));

      await control(t.site, null);
      forgetRetries();
      await endDue({ db, siteId, client: noRetry });
      expect(await decision(id)).toMatchObject({ liftedAt: expect.any(Date), liftError: null });
      expect((await applied(id)).every((r) => r.liftedAt !== null && r.liftError === null)).toBe(true);
      const lifts = (await auditsOf('unmuteUserInThread')).filter(
        (a) => a.target?.threadId === thread.threadId,
      );
      expect(lifts.map((l) => l.outcome).sort()).toEqual(['failed', 'ok'].sort());
      // Nothing due any more: the turn does nothing.
      expect(await endDue({ db, siteId, client: noRetry })).toBe(0);
    } finally {
      await runner.stop();
    }
  });
});

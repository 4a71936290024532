/**
 * Issue 18 outside the queues, against the demo site over real HTTP (PGlite): a ban in a thread
 * and "ban everywhere" record their decision with the reason, the moderator's words and the
 * notice asked for; a reason of another site is refused before the site is called (the demo
 * site's call counters); a delete by a rule records an automated decision with its reason.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { createMember } from '@/lib/infra/auth/members';
import { createThread, getAdminMessagesByIds } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { listReasons } from '@/lib/services/decisions/reasons';
import { moderationDecisions, moderationNotices } from '@/lib/services/decisions/schema';
import { runActions } from '@/lib/services/rules/act';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { openSite } from '@/lib/services/sites/open-site';
import { clientAs, connectSite, control, startTestSite, stopTestSite } from '@/tests/support/site-index';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId = 0;
let otherSiteId = 0;
let threadId = 0;
let user3 = 0;

async function decisionsOf(site: number) {
  const db = await getDb();
  return db
    .select()
    .from(moderationDecisions)
    .where(eq(moderationDecisions.siteId, site))
    .orderBy(desc(moderationDecisions.id));
}

async function siteCalls(): Promise<Record<string, number>> {
  const res = await fetch(`${t.site.url}/__demo/stats`, {
    headers: { 'X-Demo-Control': t.site.credentials.DEMO_CONTROL_TOKEN! },
  });
  return ((await res.json()) as { byRoute: Record<string, number> }).byRoute;
}

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId } = await connectSite(t.site));
  ({ siteId: otherSiteId } = await connectSite(t.site));
  current.member = await createMember({
    email: `decide-${Date.now()}@example.test`,
    name: 'Dora Decider',
    password: 'a-long-password-1',
    role: 'admin',
  });
  user3 = Number(t.site.credentials.BM_SITE_USER3_ID);
  ({ threadId } = await createThread(clientAs(t.site, '2'), {
    recipientBmUserIds: [user3],
    subject: 'decisions with reasons',
    message: 'first words',
  }));
  await refreshThread(siteId, threadId);
});

afterAll(async () => {
  if (t) await stopTestSite(t);
});

describe('decisions outside the queues', () => {
  it('a ban in a thread records its decision: reason, own words, notice asked (a strike)', async () => {
    const { banUserInThread } = await import('@/lib/services/threads/actions');
    const spam = (await listReasons(siteId)).find((r) => r.code === 'spam')!;
    const before = Date.now();
    const r = await banUserInThread({
      siteId,
      threadId,
      bmUserId: user3,
      duration: 120,
      reasonId: String(spam.id),
      reason: 'Links to a pill shop in every thread.',
      notify: 'on',
      notifyShown: 'on',
    });
    expect(r).toMatchObject({ ok: true });
    const [d] = await decisionsOf(siteId);
    expect(d).toMatchObject({
      kind: 'ban',
      subjectUserId: user3,
      threadIds: [threadId],
      reasonId: spam.id,
      reasonCode: 'spam',
      freeText: 'Links to a pill shop in every thread.',
      strike: true,
      automated: false,
      actorMemberId: current.member!.id,
      actorName: 'Dora Decider',
    });
    expect(d!.auditId).toEqual(expect.any(Number));
    const ends = d!.endsAt!.getTime() - before;
    expect(ends).toBeGreaterThanOrEqual(120 * 60_000 - 1000);
    expect(ends).toBeLessThan(121 * 60_000);
    const db = await getDb();
    const notices = await db.select().from(moderationNotices).where(eq(moderationNotices.decisionId, d!.id));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipientUserId: user3 });
  });

  it('an unticked "tell the member" is an explicit no: recorded, no strike, no notice', async () => {
    const { muteUserInThread } = await import('@/lib/services/threads/actions');
    const spam = (await listReasons(siteId)).find((r) => r.code === 'spam')!;
    const r = await muteUserInThread({
      siteId,
      threadId,
      bmUserId: Number(t.site.credentials.BM_SITE_USER2_ID),
      duration: 60,
      reasonId: String(spam.id),
      notifyShown: 'on',
    });
    expect(r).toMatchObject({ ok: true });
    const [d] = await decisionsOf(siteId);
    expect(d).toMatchObject({ kind: 'mute', reasonCode: 'spam', strike: false, freeText: null });
  });

  it('a reason of another site is refused before the site is called', async () => {
    const { banUserInThread } = await import('@/lib/services/threads/actions');
    const foreign = (await listReasons(otherSiteId))[0]!;
    const count = (await decisionsOf(siteId)).length;
    await control(t.site, null, 'stats');
    const r = await banUserInThread({
      siteId,
      threadId,
      bmUserId: user3,
      duration: 60,
      reasonId: String(foreign.id),
    });
    expect(r).toMatchObject({ ok: false, code: 'no-reason' });
    expect(r.ok ? '' : r.error).toMatch(/not on this site’s list/);
    const calls = await siteCalls();
    expect(Object.keys(calls).filter((route) => /ban|mute/i.test(route))).toEqual([]);
    expect(await decisionsOf(siteId)).toHaveLength(count);
  });

  it('"ban everywhere" records one decision for the person as its job starts, over its threads', async () => {
    const { banUserEverywhere } = await import('@/app/(desk)/[site]/users/actions');
    const other = (await listReasons(siteId)).find((r) => r.code === 'harassment')!;
    const bob = Number(t.site.credentials.BM_SITE_USER2_ID);
    const r = await banUserEverywhere({
      siteId,
      bmUserId: bob,
      duration: 60,
      reasonId: String(other.id),
      reason: 'Insults in many threads.',
      notifyShown: 'on',
      notify: 'on',
    });
    expect(r).toMatchObject({ ok: true, data: { jobId: expect.any(Number) } });
    const mine = (await decisionsOf(siteId)).filter((d) => d.subjectUserId === bob && d.kind === 'ban');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      reasonCode: 'harassment',
      freeText: 'Insults in many threads.',
      strike: true,
    });
    expect(mine[0]!.threadIds).toContain(threadId);
    // Nothing picked: still one decision, without reason and without notice.
    const again = await banUserEverywhere({ siteId, bmUserId: bob, duration: 60 });
    expect(again).toMatchObject({ ok: true });
    const [last] = await decisionsOf(siteId);
    expect(last).toMatchObject({ kind: 'ban', subjectUserId: bob, reasonId: null, strike: false });
  });

  it('a site ban records a site_ban decision with its end (the reason tells by default); "delete all" one delete', async () => {
    const { takeStandingDecision } = await import('@/lib/services/policy/actions');
    const scam = (await listReasons(siteId)).find((r) => r.code === 'scam')!;
    const before = Date.now();
    const r = await takeStandingDecision({
      siteId,
      bmUserId: user3,
      kind: 'ban',
      endsInMinutes: '1440',
      reasonId: String(scam.id),
    });
    expect(r).toMatchObject({ ok: true });
    const [d] = await decisionsOf(siteId);
    expect(d).toMatchObject({ kind: 'site_ban', subjectUserId: user3, reasonCode: 'scam', strike: true });
    expect(d!.endsAt!.getTime() - before).toBeGreaterThanOrEqual(1440 * 60_000 - 1000);
    // Neither a reason nor words: refused in words, nothing recorded.
    const count = (await decisionsOf(siteId)).length;
    const none = await takeStandingDecision({ siteId, bmUserId: user3, kind: 'mute', endsInMinutes: '60' });
    expect(none).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await decisionsOf(siteId)).toHaveLength(count);

    const { startDeleteUserMessagesJob } = await import('@/lib/services/jobs/start-actions');
    const bob = Number(t.site.credentials.BM_SITE_USER2_ID);
    const del = await startDeleteUserMessagesJob({
      siteId,
      bmUserId: bob,
      reason: 'Every message was spam.',
    });
    expect(del).toMatchObject({ ok: true });
    const [d2] = await decisionsOf(siteId);
    expect(d2).toMatchObject({
      kind: 'delete',
      subjectUserId: bob,
      freeText: 'Every message was spam.',
      reasonId: null,
      strike: false,
    });
    expect(d2!.messageIds.length).toBeGreaterThan(0);
  });

  it("a rule's delete records an automated decision with the action's reason", async () => {
    // A thread of its own: the person is muted in the first one by now.
    const made = await createThread(clientAs(t.site, '2'), {
      recipientBmUserIds: [user3],
      subject: 'pills',
      message: 'buy cheap pills now',
    });
    const messageId = made.messageId!;
    const ruleThread = made.threadId;
    const { rows } = await getAdminMessagesByIds(clientAs(t.site), [messageId]);
    const senderId = rows[0]!.sender.bmUserId;
    const outcomes = await runActions(
      [{ type: 'delete', reasonCode: 'spam' }],
      {
        siteId,
        id: messageId,
        threadId: ruleThread,
        senderId,
        text: 'buy cheap pills now',
        createdAt: new Date(),
        pending: false,
        reportCount: 0,
        reporters: [],
        aiFlagged: false,
        aiCategory: null,
        attachments: [],
        threadType: 'thread',
      },
      {
        siteId,
        client: clientAs(t.site),
        site: () => openSite(siteId),
        member: current.member!,
        rule: { id: 4242, name: 'Pill spam' },
        trigger: 'message',
      },
    );
    expect(outcomes).toMatchObject([{ type: 'delete', outcome: 'ok' }]);
    const db = await getDb();
    const [d] = await db
      .select()
      .from(moderationDecisions)
      .where(and(eq(moderationDecisions.siteId, siteId), eq(moderationDecisions.ruleId, 4242)));
    expect(d).toMatchObject({
      kind: 'delete',
      automated: true,
      actorName: 'rule #4242 · Pill spam',
      actorMemberId: null,
      subjectUserId: senderId,
      messageIds: [messageId],
      reasonCode: 'spam',
    });
  });
});

/**
 * First run of `npm run demo` (issue 21, first impressions): the demo site seeded with its help
 * desk (`supportInbox`) and BM Desk's demo bootstrap give a support inbox with something in every
 * view: a support account that can reply (whitelisted on the site), conversations waiting long,
 * assigned, pending, snoozed and resolved, with notes, labels and canned replies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import { eq } from 'drizzle-orm';
import { createMember } from '@/lib/infra/auth/members';
import { getModerationList } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { connectSite } from '@/tests/support/site-index';
import { catchUpTriage } from '@/lib/services/triage/catch-up';
import { listCannedReplies, listLabels } from '@/lib/services/triage/catalogue';
import { getConversation, getTriageTimeline } from '@/lib/services/triage/conversations';
import { triageConversations as tc } from '@/lib/services/triage/schema';
import { replyAsSupport } from '@/lib/services/triage/reply';
import { listSupportAccounts } from '@/lib/services/triage/support-accounts';
import { seedDemoInbox } from './support-inbox';

let site: DemoSite;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-demo-inbox-'));
  site = await startDemoSite({
    port: 0,
    dataDir: dir,
    size: 'small',
    seed: 5,
    reset: true,
    supportInbox: true,
  });
});
afterAll(async () => {
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo’s support inbox on first run', () => {
  it('has a support account that replies, and conversations in every state', async () => {
    const c = site.credentials;
    expect(c.BM_SITE_SUPPORT_USER).toBe('helpdesk');
    const { siteId, client: admin } = await connectSite(site);
    const owner = await createMember({
      email: `demo-owner-${Date.now()}@t.test`,
      name: 'Demo Owner',
      password: 'x'.repeat(14),
      role: 'owner',
    });
    await seedDemoInbox({
      siteId,
      siteUrl: site.url,
      owner,
      colleaguePassword: 'y'.repeat(14),
      support: {
        username: c.BM_SITE_SUPPORT_USER!,
        bmUserId: Number(c.BM_SITE_SUPPORT_USER_ID),
        appPassword: c.BM_SITE_SUPPORT_APP_PASSWORD!,
      },
    });

    const [account] = await listSupportAccounts(siteId);
    expect(account).toMatchObject({ bmUserId: Number(c.BM_SITE_SUPPORT_USER_ID), canReply: true });
    expect((await getModerationList(admin, 'whitelist')).map((u) => u.id)).toContain(account!.bmUserId);
    expect((await listLabels()).map((l) => l.name)).toEqual(
      expect.arrayContaining(['Billing', 'Bug', 'Account', 'Safety']),
    );
    expect((await listCannedReplies()).map((r) => r.shortcut)).toEqual(
      expect.arrayContaining(['thanks', 'refund', 'closing']),
    );

    // The index reads the threads (the sync would, within a minute); waiting times follow.
    const db = await getDb();
    const threadIds = (await db.select({ id: tc.threadId }).from(tc).where(eq(tc.siteId, siteId))).map(
      (r) => r.id,
    );
    expect(threadIds).toHaveLength(9);
    for (const id of threadIds) await refreshThread(siteId, id);
    await catchUpTriage(siteId);
    const states = await Promise.all(threadIds.map((id) => getConversation(siteId, id)));
    const byStatus = (s: string) => states.filter((x) => x?.status === s).length;
    expect([byStatus('open'), byStatus('pending'), byStatus('snoozed'), byStatus('resolved')]).toEqual([
      5, 1, 1, 2,
    ]);
    const waitedLongest = states
      .filter((x) => x?.waitingSince)
      .map((x) => Date.now() - x!.waitingSince!.getTime())
      .sort((a, b) => b - a)[0]!;
    expect(waitedLongest).toBeGreaterThan(24 * 3_600_000);
    expect(states.filter((x) => x?.assigneeId !== null).length).toBeGreaterThanOrEqual(5);
    expect(states.some((x) => x?.labelIds.length)).toBe(true);
    const notes = await Promise.all(threadIds.map((id) => getTriageTimeline(siteId, id)));
    expect(notes.flat().filter((e) => e.type === 'note').length).toBe(3);

    // Replying as the help desk account reaches the member.
    const open = states.find((x) => x?.status === 'open' && x.waitingSince)!;
    const reply = await replyAsSupport({
      siteId,
      threadId: open.threadId,
      supportAccountId: account!.id,
      text: 'On it.',
    });
    expect(reply.delivery).toEqual({ state: 'sent' });
    expect((await getConversation(siteId, open.threadId))?.waitingSince).toBeNull();
    // Nine threads read and triaged one after another: slow on a busy machine.
  }, 120_000);
});

/**
 * Notices against the demo site over real HTTP (PGlite): a decision's notice reaches the member
 * as a private message from the moderation account, read as the member with their own password;
 * a notice the site refuses is tried twice and ends 'failed' with the site's words while the
 * decision stays on record; a moderation account without a password turns notices off with why.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getThread } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { saveSupportAccount } from '@/lib/services/triage/support-accounts';
import { supportAccounts } from '@/lib/services/triage/schema';
import { clientAs, connectSite, control, startTestSite, stopTestSite } from '@/tests/support/site-index';
import { deliverNotice, queueNotice } from './notices';
import { listReasons } from './reasons';
import { recordDecision } from './record';
import { moderationDecisions } from './schema';
import { saveModerationSettings } from './settings';

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId = 0;
let member = 0;

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId } = await connectSite(t.site));
  const c = t.site.credentials;
  member = Number(c.BM_SITE_USER3_ID);
  await saveSupportAccount({
    siteId,
    bmUserId: Number(c.BM_SITE_USER4_ID),
    username: c.BM_SITE_USER4!,
    name: 'Moderation',
    appPassword: c.BM_SITE_APP_PASSWORD4!,
  });
  const db = await getDb();
  const [account] = await db.select().from(supportAccounts).where(eq(supportAccounts.siteId, siteId));
  await saveModerationSettings(siteId, { moderationAccountId: account!.id, appealDays: 10 });
});

afterAll(async () => {
  if (t) await stopTestSite(t);
});

describe('notices', () => {
  it('reach the member from the moderation account: what, why, until when, how to appeal', async () => {
    const harassment = (await listReasons(siteId)).find((r) => r.code === 'harassment')!;
    const endsAt = new Date('2031-05-06T07:08:00Z');
    const r = await recordDecision({
      siteId,
      kind: 'mute',
      subject: { bmUserId: member, name: 'Bob' },
      threadIds: [1],
      reasonId: harassment.id,
      freeText: 'Please keep it civil.',
      actor: { memberId: null, name: 'Test moderator' },
      endsAt,
      waitForNotice: true,
    });
    expect(r.strike).toBe(true);
    expect(r.notice).toMatchObject({ status: 'sent', attempts: 1, error: null });
    // The member reads it in their own inbox, with their own application password.
    const thread = await getThread(clientAs(t.site, '3'), r.notice!.threadId!);
    const text = thread.messages.map((m) => m.message).join('\n');
    expect(text).toContain('Reason: Harassment.');
    expect(text).toContain('Please keep it civil.');
    expect(text).toContain('This lasts until 2031-05-06 07:08 UTC.');
    expect(text).toContain('answer this message within 10 days');
  });

  it('a notice the site refuses is tried twice and ends failed in the site’s words; the decision stays', async () => {
    const r = await recordDecision({
      siteId,
      kind: 'ban',
      subject: { bmUserId: 987_654, name: 'Nobody' },
      notify: true,
      actor: { memberId: null, name: 'Test moderator' },
      waitForNotice: true,
    });
    const notice = r.notice;
    expect(notice).toMatchObject({ status: 'failed', attempts: 2 });
    // Sent once more by another caller: nothing happens twice.
    expect(await deliverNotice(r.noticeId!)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(notice!.error).toBeTruthy();
    expect(notice!.error).not.toMatch(/password|Basic /i);
    const db = await getDb();
    const [d] = await db.select().from(moderationDecisions).where(eq(moderationDecisions.id, r.decisionId));
    expect(d).toMatchObject({ kind: 'ban', strike: true, status: 'active' });
  });

  it('a site that fails once gets the notice on the second try', async () => {
    await control(t.site, { errorRate: 1, only: '/better-messages/v1/thread/new' });
    const id = await queueNotice({ siteId, kind: 'decision', recipientUserId: member, body: 'Second try.' });
    const first = deliverNotice(id, { retryDelayMs: 1500 });
    await new Promise((r) => setTimeout(r, 500));
    await control(t.site, {});
    expect(await first).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('without a stored password notices are off, and say why', async () => {
    const c = t.site.credentials;
    await saveSupportAccount({
      siteId,
      bmUserId: Number(c.BM_SITE_USER4_ID),
      username: c.BM_SITE_USER4!,
      name: 'Moderation',
      appPassword: '',
    });
    const r = await recordDecision({
      siteId,
      kind: 'warning',
      subject: { bmUserId: member, name: 'Bob' },
      notify: true,
      actor: { memberId: null, name: 'Test moderator' },
      waitForNotice: true,
    });
    expect(r.notice).toMatchObject({ status: 'off', attempts: 0 });
    expect(r.notice!.error).toMatch(/has no application password stored/);
  });
});

/**
 * Triage over real HTTP: messages written on the demo site in a known order, indexed by the
 * targeted refresh, give exactly the waiting since and first response the site's own timestamps
 * say; a reply as the support account (its own application password) answers; a new message
 * from the user reopens a resolved conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { createMember } from '@/lib/infra/auth/members';
import { createThread, getThread, sendMessage, type BmClient } from '@/lib/infra/better-messages';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { clientAs, connectSite, startTestSite, stopTestSite } from '@/tests/support/site-index';
import { catchUpTriage } from './catch-up';
import { changeConversation, getConversation } from './conversations';
import { replyAsSupport } from './reply';
import { listSupportAccounts, saveSupportAccount } from './support-accounts';

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId: number;
let alice: BmClient;
let carol: BmClient;
let member: Member;
const CAROL = 4;

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId } = await connectSite(t.site));
  alice = clientAs(t.site, '2');
  carol = clientAs(t.site, '4');
  member = await createMember({
    email: `triage-http-${Date.now()}@t.test`,
    name: 'Http Agent',
    password: 'x'.repeat(14),
    role: 'support',
  });
});
afterAll(async () => {
  await stopTestSite(t);
});

/**
 * When the site says each message was written, to the second: the index reads messages from the
 * admin viewer, whose times are whole seconds (the order within a second is the ids').
 */
async function siteTimes(client: BmClient, threadId: number): Promise<Map<number, Date>> {
  const bundle = await getThread(client, threadId);
  return new Map(
    bundle.messages.map((m) => [m.message_id, new Date(Math.floor(m.created_at.getTime() / 1000) * 1000)]),
  );
}

describe('triage from the demo site', () => {
  it('waiting since and first response are the site’s own timestamps', async () => {
    await saveSupportAccount({
      siteId,
      bmUserId: CAROL,
      username: t.site.credentials.BM_SITE_USER4!,
      name: 'Carol Support',
      appPassword: t.site.credentials.BM_SITE_APP_PASSWORD4!,
    });
    expect((await listSupportAccounts(siteId))[0]).toMatchObject({ bmUserId: CAROL, canReply: true });

    const { threadId, messageId: asked } = await createThread(alice, {
      recipientBmUserIds: [CAROL],
      subject: 'Where is my parcel?',
      message: 'It was due yesterday.',
    });
    const answered = (await sendMessage(carol, threadId, { message: 'Looking into it.' })).message_id;
    const again = (await sendMessage(alice, threadId, { message: 'Any news?' })).message_id;
    await sendMessage(alice, threadId, { message: 'Hello?' });
    await refreshThread(siteId, threadId);
    await catchUpTriage(siteId);

    const times = await siteTimes(alice, threadId);
    expect(await getConversation(siteId, threadId)).toMatchObject({
      source: 'participant',
      status: 'open',
      firstUserMessageAt: times.get(asked!),
      firstResponseAt: times.get(answered),
      waitingSince: times.get(again),
    });

    // The support account answers through BM Desk: nobody waits any more.
    const reply = await replyAsSupport({
      siteId,
      threadId,
      supportAccountId: (await listSupportAccounts(siteId))[0]!.id,
      text: 'It is on its way & arrives today.',
    });
    const after = await siteTimes(alice, threadId);
    expect(after.has(reply.messageId)).toBe(true);
    const bundle = await getThread(alice, threadId);
    expect(bundle.messages.find((m) => m.message_id === reply.messageId)?.sender_id).toBe(CAROL);
    expect((await getConversation(siteId, threadId))?.waitingSince).toBeNull();

    // Resolved, then the user writes again: open, waiting since that message.
    await changeConversation(siteId, threadId, { kind: 'status', status: 'resolved' }, member);
    const late = (await sendMessage(alice, threadId, { message: 'Thanks, but one more thing' })).message_id;
    await refreshThread(siteId, threadId);
    await catchUpTriage(siteId);
    const final = await siteTimes(alice, threadId);
    expect(await getConversation(siteId, threadId)).toMatchObject({
      status: 'open',
      reopenedCount: 1,
      waitingSince: final.get(late),
      firstResponseAt: times.get(answered),
    });
  });

  it('refuses a password that signs in as another user, and replies are off without one', async () => {
    await expect(
      saveSupportAccount({
        siteId,
        bmUserId: CAROL,
        username: t.site.credentials.BM_SITE_USER3!,
        name: 'Carol Support',
        appPassword: t.site.credentials.BM_SITE_APP_PASSWORD3!,
      }),
    ).rejects.toThrow(/not #4/);
    await saveSupportAccount({
      siteId,
      bmUserId: CAROL,
      username: 'carol',
      name: 'Carol Support',
      appPassword: '',
    });
    const [account] = await listSupportAccounts(siteId);
    expect(account?.canReply).toBe(false);
    await expect(
      replyAsSupport({ siteId, threadId: 1, supportAccountId: account!.id, text: 'hi' }),
    ).rejects.toThrow(/Replying as Carol Support is off/);
  });
});

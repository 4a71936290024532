/**
 * A support reply must reach the member (issue 21, defect 11), over real HTTP to the demo site,
 * which holds messages for pre-moderation as the plugin does: a support account is whitelisted
 * when saved; a reply held anyway is approved at once with the site's admin credential; one that
 * cannot be approved is reported held and is no answer: the member still waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToList,
  approveMessage,
  createThread,
  getModerationList,
  getThread,
  saveSettings,
  sendMessage,
  type BmClient,
} from '@/lib/infra/better-messages';
import { getAuditPage } from '@/lib/services/audit/queries';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { clientAs, connectSite, control, startTestSite, stopTestSite } from '@/tests/support/site-index';
import { catchUpTriage } from './catch-up';
import { getConversation } from './conversations';
import { replyAsSupport } from './reply';
import { listSupportAccounts } from './support-accounts';
import { enrolSupportAccount } from './support-delivery';

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId: number;
let admin: BmClient;
let alice: BmClient;
let supportAccountId: number;
let agent: Member;
const ADMIN = 1;
const CAROL = 4;

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId, client: admin } = await connectSite(t.site));
  alice = clientAs(t.site, '2');
  agent = await createMember({
    email: `delivery-${Date.now()}@t.test`,
    name: 'Delivery Agent',
    password: 'x'.repeat(14),
    role: 'support',
  });
  // Every subscriber's reply is held for approval unless whitelisted.
  await saveSettings(admin, {
    messagesPremoderation: '1',
    messagesPremoderationRolesReplies: ['subscriber'],
  });
});
afterAll(async () => {
  await stopTestSite(t);
});

/** Alice asks Carol; the conversation is in the inbox, waiting since Alice's message. */
async function askCarol(subject: string) {
  const { threadId, messageId } = await createThread(alice, {
    recipientBmUserIds: [CAROL],
    subject,
    message: `${subject}: can you help?`,
  });
  await refreshThread(siteId, threadId);
  await catchUpTriage(siteId);
  const asked = await getConversation(siteId, threadId);
  expect(asked?.waitingSince).not.toBeNull();
  return { threadId, askedId: messageId!, waitingSince: asked!.waitingSince };
}

async function approvalRecord(messageId: number) {
  const { rows } = await getAuditPage({ siteId, action: 'approveHeldSupportReply' });
  return rows.find((r) => (r.target as { messageId?: number } | null)?.messageId === messageId);
}

const seenByAlice = async (threadId: number) =>
  (await getThread(alice, threadId)).messages.map((m) => m.message_id);

describe('support replies reach the member', () => {
  it('saving a support account puts it on the site’s whitelist: its replies are not held', async () => {
    const outcome = await enrolSupportAccount({
      siteId,
      bmUserId: CAROL,
      username: t.site.credentials.BM_SITE_USER4!,
      name: 'Carol Support',
      appPassword: t.site.credentials.BM_SITE_APP_PASSWORD4!,
    });
    expect(outcome).toEqual({ state: 'whitelisted' });
    expect((await getModerationList(admin, 'whitelist')).map((u) => u.id)).toContain(CAROL);
    supportAccountId = (await listSupportAccounts(siteId))[0]!.id;

    const { threadId } = await askCarol('Whitelisted');
    const reply = await replyAsSupport({ siteId, threadId, supportAccountId, text: 'Here to help.' });
    expect(reply.delivery).toEqual({ state: 'sent' });
    expect(await seenByAlice(threadId)).toContain(reply.messageId);
    const c = await getConversation(siteId, threadId);
    expect(c?.waitingSince).toBeNull();
    expect(c?.firstResponseAt).not.toBeNull();
  });

  it('an administrator needs no listing: the plugin never holds them', async () => {
    const outcome = await enrolSupportAccount({
      siteId,
      bmUserId: ADMIN,
      username: t.site.credentials.BM_SITE_USER!,
      name: 'Admin Support',
    });
    expect(outcome).toEqual({ state: 'exempt' });
  });

  it('a reply held anyway is approved at once with the site’s admin credential', async () => {
    const { threadId } = await askCarol('Held then approved');
    // A blacklist in the thread outranks the global whitelist.
    await addToList(admin, 'blacklist', { bmUserId: CAROL, threadId });
    const direct = await sendMessage(clientAs(t.site, '4'), threadId, { message: 'probe' });
    expect(direct.update?.messages.find((m) => m.message_id === direct.message_id)?.meta?.isPending).toBe(
      true,
    );

    const reply = await replyAsSupport({
      siteId,
      threadId,
      supportAccountId,
      text: 'Approved at once.',
      member: agent,
    });
    expect(reply.delivery).toEqual({ state: 'approved' });
    // Approving with the site's admin credential is on record, as the agent's.
    expect(await approvalRecord(reply.messageId)).toMatchObject({ memberId: agent.id, outcome: 'ok' });
    expect(await seenByAlice(threadId)).toContain(reply.messageId);
    const c = await getConversation(siteId, threadId);
    expect(c?.waitingSince).toBeNull();
    expect(c?.firstResponseAt).not.toBeNull();
  });

  it('a held reply that cannot be approved is shown held and answers nothing, until approved', async () => {
    const { threadId, waitingSince } = await askCarol('Held for good');
    await addToList(admin, 'blacklist', { bmUserId: CAROL, threadId });
    await control(t.site, { routesOff: ['/better-messages/v1/admin/approveMessage'] });
    let reply;
    try {
      reply = await replyAsSupport({
        siteId,
        threadId,
        supportAccountId,
        text: 'Nobody sees this yet.',
        member: agent,
      });
    } finally {
      await control(t.site, null);
    }
    expect(reply.delivery.state).toBe('held');
    expect(reply.delivery.state === 'held' && reply.delivery.reason).toMatch(
      /pre-moderation.*approving it failed/,
    );
    expect(await seenByAlice(threadId)).not.toContain(reply.messageId);
    expect(await approvalRecord(reply.messageId)).toMatchObject({
      outcome: 'refused',
      code: 'rest_no_route',
    });
    const held = await getConversation(siteId, threadId);
    expect(held?.waitingSince).toEqual(waitingSince);
    expect(held?.firstResponseAt).toBeNull();

    // A moderator approves it later: the next pass counts it, with no hint of which thread moved.
    expect(await approveMessage(admin, reply.messageId)).toBe(true);
    await refreshThread(siteId, threadId);
    await catchUpTriage(siteId);
    expect(await seenByAlice(threadId)).toContain(reply.messageId);
    const answered = await getConversation(siteId, threadId);
    expect(answered?.waitingSince).toBeNull();
    expect(answered?.firstResponseAt).not.toBeNull();
  });
});

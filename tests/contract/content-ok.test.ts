/**
 * "Content is OK" and reporter feedback on the site under test (the real plugin with
 * `npm run test:contract:real`). A member reports a message with their own application password;
 * a moderator dismisses it with "content is OK" (the queue's decision, after its undo window): the
 * reporter reads "We looked and it stays" through the plugin's API as themselves. Another member
 * reports the same message: within the sync pass that reads the reported list BM Desk dismisses it
 * on the site (checked through the plugin's API as the admin), audits it by BM Desk, counts it on
 * the mark, tells that reporter too, and the reports queue never lists the message meanwhile. A
 * message deleted from the queue tells its reporter "we acted"; with the setting off nobody is told.
 * The moderation account is the site's administrator (a support account with its application
 * password). BM Desk's side runs on an in-memory database (PGlite) of its own, with its real sync.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) process.env.BMDESK_DATA_DIR = 'memory://';
});

import {
  eraseThread,
  getAdminMessagesByIds,
  getThread,
  probeSite,
  reportMessage,
  type BmClient,
} from '@/lib/infra/better-messages';
import { createMember, type Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';
import { contentOkWords, registerContentOkSyncHooks } from '@/lib/services/decisions/content-ok';
import { contentOkMarks, moderationDecisions, moderationNotices } from '@/lib/services/decisions/schema';
import {
  DEFAULT_REPORTER_TEXT_ACTED,
  DEFAULT_REPORTER_TEXT_KEPT,
  saveModerationSettings,
} from '@/lib/services/decisions/settings';
import { getQueue } from '@/lib/services/queues/queries';
import { deleteReportedAct, dismissAct } from '@/lib/services/queues/queue-decisions';
import { decideWithReason } from '@/lib/services/queues/record';
import { indexMessages, syncState } from '@/lib/services/site-index/schema';
import { unregisterSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import { insertSite } from '@/lib/services/sites/queries';
import { supportAccounts } from '@/lib/services/triage/schema';
import { saveSupportAccount } from '@/lib/services/triage/support-accounts';
import { admin, clientFor, ids, site, uniqueTag, user2, user3 } from './support/site';
import { send, threadTracker } from './support/threads';

// Outside a Next request there is no page cache to drop.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const probe = await probeSite({
  siteUrl: site.url,
  username: site.admin.login,
  appPassword: site.admin.appPassword,
});
if (!probe.ok) throw new Error(`probe failed: ${probe.reason}`);

const user4 = clientFor(site.user4);
const threads = threadTracker();
const tag = uniqueTag('content ok ');
let siteId = 0;
let moderator: Member;
let syncer: SiteSyncer;
let threadId = 0;
const noticeThreads = new Set<number>();

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function indexRow(messageId: number) {
  const db = await getDb();
  const [row] = await db
    .select({ reportCount: indexMessages.reportCount })
    .from(indexMessages)
    .where(and(eq(indexMessages.siteId, siteId), eq(indexMessages.id, messageId)));
  return row;
}

async function inQueue(messageId: number): Promise<boolean> {
  const page = await getQueue({ siteId, kind: 'report' }, { perPage: 100 });
  return page.rows.some((r) => r.id === messageId);
}

async function reportersOnSite(messageId: number): Promise<number[]> {
  const { rows } = await getAdminMessagesByIds(admin, [messageId]);
  return (rows[0]?.reports ?? []).map((r) => r.reporterBmUserId);
}

async function noticesTo(recipient: number) {
  const db = await getDb();
  return db
    .select()
    .from(moderationNotices)
    .where(and(eq(moderationNotices.siteId, siteId), eq(moderationNotices.recipientUserId, recipient)));
}

/** The notice reached the member: they read it in its thread with their own password. */
async function readsNotice(client: BmClient, noticeId: number, words: string) {
  const db = await getDb();
  let threadOfNotice: number | null = null;
  await until(`notice ${noticeId} sent`, async () => {
    const [n] = await db.select().from(moderationNotices).where(eq(moderationNotices.id, noticeId));
    if (n?.status === 'failed' || n?.status === 'off') throw new Error(`notice ${n.status}: ${n.error}`);
    threadOfNotice = n?.status === 'sent' ? n.threadId : null;
    return threadOfNotice !== null;
  });
  noticeThreads.add(threadOfNotice!);
  const bundle = await getThread(client, threadOfNotice!);
  expect(bundle.messages.some((m) => m.message.includes(words.slice(0, 40)))).toBe(true);
}

/** A message by the second member, reported by `reporter`, in the index as reported. */
async function reported(text: string, reporter: BmClient): Promise<number> {
  const messageId = await send(user2, threadId, `${tag} ${text}`);
  await reportMessage(reporter, { messageId, threadId, category: 'other', description: tag });
  await until('the report in the index', async () => ((await indexRow(messageId))?.reportCount ?? 0) > 0);
  return messageId;
}

beforeAll(async () => {
  const row = await insertSite({
    name: uniqueTag('Contract content OK '),
    url: site.url,
    username: site.admin.login,
    appPassword: site.admin.appPassword,
    probe: { status: 'ok', reason: null, message: null },
  });
  siteId = row.id;
  moderator = await createMember({
    email: `${uniqueTag('moderator-')}@example.test`,
    name: 'Moderator Mo',
    password: 'a-long-password-1',
    role: 'moderator',
  });
  // The moderation account: the administrator, with its own application password (checked by the site).
  await saveSupportAccount({
    siteId,
    bmUserId: ids.admin,
    username: site.admin.login,
    name: 'Moderation team',
    appPassword: site.admin.appPassword,
  });
  const db = await getDb();
  const [account] = await db.select().from(supportAccounts).where(eq(supportAccounts.siteId, siteId));
  await saveModerationSettings(siteId, { moderationAccountId: account!.id, reporterFeedback: true });

  threadId = (await threads.create([ids.user2, ids.user3, ids.user4], tag)).threadId;
  await db
    .insert(syncState)
    .values({ siteId, intervalSeconds: 1 })
    .onConflictDoUpdate({ target: syncState.siteId, set: { intervalSeconds: 1 } });
  registerContentOkSyncHooks();
  syncer = new SiteSyncer({
    db,
    siteId,
    client: clientFor(site.admin, { maxRetries: 1 }),
    options: { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 300, tickMs: 50 },
  });
  syncer.start();
}, 240_000);

afterAll(async () => {
  await syncer?.stop();
  unregisterSyncHooks('content-ok');
  await threads.eraseAll().catch(() => undefined);
  for (const id of noticeThreads) await eraseThread(admin, id).catch(() => undefined);
});

describe.runIf(probe.modules.reports)('content is OK', () => {
  it('tells the reporter it stays, then dismisses a second report of the message in the sync pass', async () => {
    const messageId = await reported('a message that is fine', user3);
    expect(await inQueue(messageId)).toBe(true);

    // The moderator's "content is OK" (the queue's dismiss, sent after its undo window).
    await decideWithReason(
      { siteId, messageId },
      moderator,
      'report',
      'dismiss: content is OK',
      dismissAct({ siteId, messageId }),
      {
        kind: 'dismiss',
        reporters: 'kept',
        contentOk: true,
      },
    );
    expect(await reportersOnSite(messageId)).toEqual([]);
    const db = await getDb();
    const [mark] = await db.select().from(contentOkMarks).where(eq(contentOkMarks.messageId, messageId));
    expect(mark).toMatchObject({ siteId, markedByName: 'Moderator Mo', autoDismissed: 0 });
    const [decision] = await db
      .select()
      .from(moderationDecisions)
      .where(and(eq(moderationDecisions.siteId, siteId), eq(moderationDecisions.kind, 'dismiss')));
    expect(decision).toMatchObject({ subjectUserId: ids.user2, strike: false, actorName: 'Moderator Mo' });
    expect(decision!.messageIds).toEqual([messageId]);
    expect(decision!.queuedAt).not.toBeNull();

    // The reporter reads "we looked and it stays" as themselves.
    const [kept] = (await noticesTo(ids.user3)).filter((n) => n.kind === 'reporter_kept');
    expect(kept).toBeDefined();
    await readsNotice(user3, kept!.id, DEFAULT_REPORTER_TEXT_KEPT);

    // Another member reports it: dismissed by BM Desk at once, never in the queue meanwhile.
    await reportMessage(user4, { messageId, threadId, category: 'spam', description: tag });
    await until(
      'the second report dismissed on the site by the sync',
      async () => {
        expect(await inQueue(messageId)).toBe(false);
        const [m] = await db.select().from(contentOkMarks).where(eq(contentOkMarks.messageId, messageId));
        return m!.autoDismissed === 1 && (await reportersOnSite(messageId)).length === 0;
      },
      90_000,
    );
    expect(await inQueue(messageId)).toBe(false);
    await until('the index without the report', async () => (await indexRow(messageId))?.reportCount === 0);

    // Audited by BM Desk with the mark named, and the reporter told.
    const rows = await db
      .select({ memberId: auditLog.memberId, target: auditLog.target, params: auditLog.params })
      .from(auditLog)
      .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(
        and(
          eq(auditLog.siteId, siteId),
          eq(auditLog.action, 'dismissReports'),
          eq(auditOutcomes.outcome, 'ok'),
        ),
      );
    const auto = rows.filter((r) => (r.params as { contentOk?: boolean } | null)?.contentOk === true);
    expect(auto).toHaveLength(1);
    expect(auto[0]).toMatchObject({
      memberId: null,
      target: { messageId, reporterBmUserId: ids.user4 },
      params: { reason: contentOkWords(messageId), actor: 'BM Desk', markedBy: 'Moderator Mo' },
    });
    await until('the second reporter told', async () =>
      (await noticesTo(ids.user4)).some((n) => n.kind === 'reporter_kept'),
    );
    const [second] = (await noticesTo(ids.user4)).filter((n) => n.kind === 'reporter_kept');
    await readsNotice(user4, second!.id, DEFAULT_REPORTER_TEXT_KEPT);
  }, 240_000);

  it('tells the reporter "we acted" when the message is deleted, and nobody when feedback is off', async () => {
    const messageId = await reported('a message that breaks the rules', user3);
    await decideWithReason(
      { siteId, messageId },
      moderator,
      'report',
      'delete',
      deleteReportedAct({ siteId, messageId }, moderator.id),
      {
        kind: 'delete',
        reporters: 'acted',
      },
    );
    const db = await getDb();
    const [decision] = await db
      .select()
      .from(moderationDecisions)
      .where(and(eq(moderationDecisions.siteId, siteId), eq(moderationDecisions.kind, 'delete')));
    expect(decision!.messageIds).toEqual([messageId]);
    const acted = (await noticesTo(ids.user3)).filter((n) => n.kind === 'reporter_acted');
    expect(acted).toHaveLength(1);
    expect(acted[0]!.decisionId).toBe(decision!.id);
    await readsNotice(user3, acted[0]!.id, DEFAULT_REPORTER_TEXT_ACTED);

    // The site's setting off: the decision goes through, no reporter is told.
    await saveModerationSettings(siteId, { reporterFeedback: false });
    const quiet = await reported('another fine message', user4);
    const before = (await noticesTo(ids.user4)).length;
    await decideWithReason(
      { siteId, messageId: quiet },
      moderator,
      'report',
      'dismiss',
      dismissAct({ siteId, messageId: quiet }),
      {
        kind: 'dismiss',
        reporters: 'kept',
      },
    );
    expect(await reportersOnSite(quiet)).toEqual([]);
    expect(await noticesTo(ids.user4)).toHaveLength(before);
    await saveModerationSettings(siteId, { reporterFeedback: true });
  }, 240_000);
});

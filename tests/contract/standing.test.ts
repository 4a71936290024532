/**
 * A site ban that follows the person, on the site under test (the real plugin with
 * `npm run test:contract:real`): an admin site-bans a member, the job bans them in the thread
 * they are in; the member starts a new conversation with their own application password; within
 * the sync pass that reads it BM Desk bans them there (checked through the plugin's API as the
 * admin), and in a conversation someone adds them to once its participants are read; at the end
 * time every ban it applied is lifted (checked the same way). A protected
 * account (the connected administrator, one marked protected) is refused.
 * BM Desk's side runs on an in-memory database (PGlite) of its own, with its real sync and job runner.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) process.env.BMDESK_DATA_DIR = 'memory://';
});

import {
  addParticipants,
  createThread,
  eraseThread,
  getThread,
  sendMessage,
  type BmThread,
} from '@/lib/infra/better-messages';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';
import { JobRunner } from '@/lib/services/jobs/runner';
import { jobs } from '@/lib/services/jobs/schema';
import { forgetSiteAdmins, markProtected } from '@/lib/services/policy/protected';
import { standingApplied, standingDecisions } from '@/lib/services/policy/schema';
import {
  createStandingDecision,
  extendStandingDecision,
  type PolicyActor,
} from '@/lib/services/policy/standing';
import { registerPolicySyncHooks } from '@/lib/services/policy/sync-hooks';
import { indexMessages, indexThreads, syncState } from '@/lib/services/site-index/schema';
import { readState } from '@/lib/services/site-index/sync/context';
import { unregisterSyncHooks } from '@/lib/services/site-index/sync/hooks';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import { insertSite } from '@/lib/services/sites/queries';
import { admin, clientFor, ids, site, uniqueTag, user2 } from './support/site';

// Outside a Next request there is no page cache to drop.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const created = new Set<number>();
let siteId = 0;
let actor: PolicyActor;
let syncer: SiteSyncer;
let runner: JobRunner;
let firstThread = 0;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function threadAsAdmin(threadId: number): Promise<BmThread | undefined> {
  const bundle = await getThread(admin, threadId);
  return bundle.threads.find((t) => t.thread_id === threadId);
}

/** Banned there, as the admin sees the thread: out of it, and on its ban list where the site shows one. */
async function bannedIn(threadId: number, bmUserId: number): Promise<boolean> {
  const thread = await threadAsAdmin(threadId);
  if (!thread) return false;
  const listed = thread.restricted?.ban?.some((r) => r.bmUserId === bmUserId && r.until > new Date());
  return !thread.participants.includes(bmUserId) && (thread.restricted === undefined || listed === true);
}

async function appliedThreads(decisionId: number) {
  const db = await getDb();
  return db.select().from(standingApplied).where(eq(standingApplied.decisionId, decisionId));
}

beforeAll(async () => {
  const row = await insertSite({
    name: uniqueTag('Contract standing '),
    url: site.url,
    username: site.admin.login,
    appPassword: site.admin.appPassword,
    probe: { status: 'ok', reason: null, message: null },
  });
  siteId = row.id;
  const member = await createMember({
    email: `${uniqueTag('admin-')}@example.test`,
    name: 'Admin',
    password: 'a-long-password-1',
    role: 'admin',
  });
  actor = { member: { id: member.id, email: member.email, role: member.role } };
  // The member is in one conversation before the ban.
  const first = await createThread(admin, {
    recipientBmUserIds: [ids.user2],
    subject: uniqueTag('standing first '),
    message: 'before the site ban',
  });
  firstThread = first.threadId;
  created.add(firstThread);

  const db = await getDb();
  await db
    .insert(syncState)
    .values({ siteId, intervalSeconds: 1 })
    .onConflictDoUpdate({
      target: syncState.siteId,
      set: { intervalSeconds: 1 },
    });
  registerPolicySyncHooks();
  syncer = new SiteSyncer({
    db,
    siteId,
    client: clientFor(site.admin, { maxRetries: 1 }),
    options: { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 300, tickMs: 50 },
  });
  syncer.start();
  runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
  await until(
    'the first thread in the index with its participants',
    async () => {
      const [t] = await db
        .select({ participants: indexThreads.participants })
        .from(indexThreads)
        .where(and(eq(indexThreads.siteId, siteId), eq(indexThreads.id, firstThread)));
      return t?.participants.includes(ids.user2) ?? false;
    },
    180_000,
  );
}, 240_000);

afterAll(async () => {
  await syncer?.stop();
  await runner?.stop();
  unregisterSyncHooks('policy');
  forgetSiteAdmins();
  for (const threadId of created) await eraseThread(admin, threadId).catch(() => undefined);
});

describe('protected accounts', () => {
  it('the connected administrator and a person marked protected never get a standing decision', async () => {
    const input = { siteId, kind: 'ban' as const, endsAt: null, holdMessages: false, reason: 'test' };
    await expect(createStandingDecision({ ...input, bmUserId: ids.admin }, actor)).rejects.toMatchObject({
      code: 'protected',
      message: expect.stringMatching(/is protected \(the connected account\)/),
    });
    await markProtected(siteId, ids.user4, 'the site owner’s partner', actor.member!.id);
    await expect(createStandingDecision({ ...input, bmUserId: ids.user4 }, actor)).rejects.toMatchObject({
      code: 'protected',
      message: expect.stringMatching(/marked protected: the site owner’s partner/),
    });
    const db = await getDb();
    const rows = await db.select().from(standingDecisions).where(eq(standingDecisions.siteId, siteId));
    expect(rows).toEqual([]);
  });
});

describe('site ban', () => {
  it('is applied at once, kept in a conversation the member starts later within one sync pass, and lifted at its end', async () => {
    const db = await getDb();
    const { id, jobId } = await createStandingDecision(
      {
        siteId,
        bmUserId: ids.user2,
        kind: 'ban',
        endsAt: new Date(Date.now() + 10 * 60_000),
        holdMessages: false,
        reason: 'contract test',
      },
      actor,
    );
    expect(jobId).not.toBeNull();
    await until('the apply job', async () => {
      const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId!));
      return job?.status === 'done';
    });
    expect((await appliedThreads(id)).map((a) => [a.threadId, a.what])).toContainEqual([firstThread, 'ban']);
    expect(await bannedIn(firstThread, ids.user2)).toBe(true);

    // The member starts a new conversation with their own application password.
    const tag = uniqueTag('standing new ');
    const sentAt = Date.now();
    const fresh = await createThread(user2, {
      recipientBmUserIds: [ids.user3],
      subject: tag,
      message: `${tag} hello`,
    });
    created.add(fresh.threadId);
    // Within the pass that reads their message: once it is in the index, the ban follows in
    // that same pass, before the next incremental pass starts.
    await until('the new message in the index', async () => {
      const [m] = await db
        .select({ id: indexMessages.id })
        .from(indexMessages)
        .where(and(eq(indexMessages.siteId, siteId), eq(indexMessages.threadId, fresh.threadId)));
      return m !== undefined;
    });
    const passOfMessage = (await readState(db, siteId)).lastIncrementalAt;
    await until('the ban in the new conversation', async () =>
      (await appliedThreads(id)).some((a) => a.threadId === fresh.threadId),
    );
    const applied = (await appliedThreads(id)).find((a) => a.threadId === fresh.threadId)!;
    const passAfter = await readState(db, siteId);
    // The sync's afterIncremental hook runs right after the pass that indexed the message.
    expect(applied.appliedAt.getTime()).toBeGreaterThanOrEqual(passOfMessage!.getTime());
    console.log(
      `[standing] sent → banned in the new conversation: ${applied.appliedAt.getTime() - sentAt} ms` +
        ` (sync interval 1 s; passes since: ${passAfter.lastIncrementalAt!.getTime() - passOfMessage!.getTime()} ms)`,
    );
    expect(await bannedIn(fresh.threadId, ids.user2)).toBe(true);
    await expect(sendMessage(user2, fresh.threadId, { message: 'still here?' })).rejects.toThrow();

    const audits = await db
      .select({ params: auditLog.params, outcome: auditOutcomes.outcome })
      .from(auditLog)
      .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(and(eq(auditLog.siteId, siteId), eq(auditLog.action, 'banUserInThread')));
    expect(audits).toContainEqual({
      params: expect.objectContaining({ standing: id, reason: `by site ban #${id}` }),
      outcome: 'ok',
    });

    // A conversation someone else adds them to: banned once the sync has read its participants.
    const addedTo = await createThread(admin, {
      recipientBmUserIds: [ids.user2, ids.user3],
      subject: uniqueTag('standing added '),
      message: 'welcome both',
    });
    created.add(addedTo.threadId);
    await until('the ban in the conversation they were added to', async () =>
      (await appliedThreads(id)).some((a) => a.threadId === addedTo.threadId),
    );
    expect(await bannedIn(addedTo.threadId, ids.user2)).toBe(true);

    // Its end comes: every ban it applied is lifted.
    await extendStandingDecision(id, new Date(Date.now() + 1_500), actor);
    await until('the decision lifted', async () => {
      const [d] = await db.select().from(standingDecisions).where(eq(standingDecisions.id, id));
      return d?.liftedAt != null;
    });
    const [d] = await db.select().from(standingDecisions).where(eq(standingDecisions.id, id));
    expect(d).toMatchObject({ endReason: 'its end time came', liftError: null });
    const rows = await appliedThreads(id);
    expect(rows.every((r) => r.liftedAt !== null)).toBe(true);
    const lifts = await db
      .select({ target: auditLog.target, outcome: auditOutcomes.outcome })
      .from(auditLog)
      .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(and(eq(auditLog.siteId, siteId), eq(auditLog.action, 'unbanUserInThread')));
    // Exactly what it applied (on the demo site the member is in many seeded threads).
    expect(lifts.every((l) => l.outcome === 'ok')).toBe(true);
    const liftedIds = lifts.map((l) => Number(l.target?.threadId)).sort((x, y) => x - y);
    expect(liftedIds).toEqual(rows.map((r) => r.threadId).sort((x, y) => x - y));
    expect(liftedIds).toEqual(expect.arrayContaining([firstThread, fresh.threadId, addedTo.threadId]));
    // As the admin sees it: no ban left; added back, the member can write again.
    for (const threadId of [firstThread, fresh.threadId]) {
      const thread = await threadAsAdmin(threadId);
      expect(thread?.restricted?.ban?.some((r) => r.bmUserId === ids.user2) ?? false).toBe(false);
    }
    await addParticipants(admin, fresh.threadId, [ids.user2]);
    await expect(sendMessage(user2, fresh.threadId, { message: 'back again' })).resolves.toBeTruthy();
  });
});

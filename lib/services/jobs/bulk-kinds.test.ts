/**
 * The bulk job kinds and the tray's actions against the demo site over real HTTP and PGlite (or
 * PostgreSQL): an erase job ends 'gone' for a thread erased meanwhile and audits each thread as
 * `eraseThread`; cancelling a slow job stops its claims (no erase call after the cancel for the
 * cancelled threads); "retry the failed" runs again only the failed items; deleting a person's
 * messages leaves one not theirs alone (failed in words) and one deleted meanwhile 'gone'.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import {
  createBmClient,
  createThread,
  deleteMessagesSiteWide,
  eraseThread,
  getThread,
  type BmClient,
} from '@/lib/infra/better-messages';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog } from '@/lib/infra/db/schema';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { insertSite } from '@/lib/services/sites/queries';
import { syncState } from '@/lib/services/site-index/schema';
import { JobRunner } from './runner';
import { jobItems, jobs } from './schema';
import { startJob } from './start';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

let site: DemoSite;
let dir: string;
let admin: BmClient;
let alice: BmClient;
let aliceId: number;
let siteId: number;
let moderator: Member;

async function control(method: string, route: string, body?: unknown) {
  const res = await fetch(`${site.url}/__demo/${route}`, {
    method,
    headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { byRoute: Record<string, number> };
}

async function threads(
  n: number,
  tag: string,
  as: BmClient = admin,
): Promise<{ threadId: number; messageId: number }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const made = await createThread(as, {
      recipientBmUserIds: [3],
      subject: `${tag} ${i}`,
      message: `${tag} ${i}`,
    });
    out.push({ threadId: made.threadId, messageId: made.messageId! });
  }
  return out;
}

async function exists(threadId: number) {
  try {
    const b = await getThread(admin, threadId);
    return b.threads.some((t) => t.thread_id === threadId);
  } catch {
    return false;
  }
}

const eraseJob = (threadIds: number[]) =>
  startJob({
    siteId,
    kind: 'threadBulk',
    label: `Erase ${threadIds.length} threads`,
    params: { action: 'erase', reason: 'bulk kinds test' },
    items: threadIds.map((id) => ({ key: String(id), label: `Thread #${id}` })),
    member: { id: moderator.id, email: moderator.email, role: moderator.role },
  });

async function until(jobId: number, statuses: string[], timeoutMs = 30_000) {
  const db = await getDb();
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    if (job && statuses.includes(job.status)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${job?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function itemsOf(jobId: number) {
  const db = await getDb();
  return db.select().from(jobItems).where(eq(jobItems.jobId, jobId)).orderBy(asc(jobItems.seq));
}

beforeAll(async () => {
  await getDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-bulk-jobs-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  const creds = {
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
  };
  admin = createBmClient(creds);
  alice = createBmClient({
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER2!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD2!,
  });
  aliceId = Number(site.credentials.BM_SITE_USER2_ID);
  siteId = (
    await insertSite({
      name: `Bulk jobs ${Date.now()}`,
      url: site.url,
      username: creds.username,
      appPassword: creds.appPassword,
      probe: await checkConnection(creds),
    })
  ).id;
  const db = await getDb();
  await db
    .insert(syncState)
    .values({ siteId, concurrency: 2 })
    .onConflictDoUpdate({ target: syncState.siteId, set: { concurrency: 2 } });
  const { createMember } = await import('@/lib/infra/auth/members');
  moderator = await createMember({
    email: `bulk-mod-${Date.now()}@example.test`,
    name: 'Bulk Moderator',
    password: 'bulk-password-long',
    role: 'moderator',
  });
  current.member = moderator;
});

afterAll(async () => {
  await site?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bulk job kinds', () => {
  it("erase: each thread erased and audited as eraseThread; one erased meanwhile ends 'gone'", async () => {
    const made = (await threads(3, 'erase')).map((t) => t.threadId);
    await eraseThread(admin, made[2]!);
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      const jobId = await eraseJob(made);
      await until(jobId, ['done']);
      expect((await itemsOf(jobId)).map((i) => i.status)).toEqual(['done', 'done', 'gone']);
      for (const id of made) expect(await exists(id)).toBe(false);
      const db = await getDb();
      const audited = await db
        .select({ target: auditLog.target })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'eraseThread'), sql`${auditLog.params}->>'job' = ${String(jobId)}`));
      expect(audited.map((a) => (a.target as { threadId: number }).threadId).sort()).toEqual(
        made.slice().sort(),
      );
    } finally {
      await runner.stop();
    }
  });

  it('cancel stops the claims: the cancelled threads are never called', async () => {
    const { cancelJob } = await import('./actions');
    const made = (await threads(10, 'slow')).map((t) => t.threadId);
    await control('POST', 'faults', { latencyMs: 400, only: '/better-messages/v1/thread/' });
    await control('DELETE', 'stats');
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      const jobId = await eraseJob(made);
      const db = await getDb();
      // Wait until some finished, then cancel.
      for (;;) {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(jobItems)
          .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'done')));
        if (Number(row!.n) >= 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await cancelJob({ jobId })).toMatchObject({ ok: true });
      await runner.idle();
      await new Promise((r) => setTimeout(r, 600)); // a poll or two: nothing more is claimed
      await runner.idle();
      const items = await itemsOf(jobId);
      const cancelled = items.filter((i) => i.status === 'cancelled');
      expect(cancelled.length).toBeGreaterThan(0);
      expect(items.filter((i) => i.status === 'pending' || i.status === 'running')).toEqual([]);
      const { byRoute } = await control('GET', 'stats');
      for (const i of cancelled) {
        expect(byRoute[`/better-messages/v1/thread/${i.key}/erase`] ?? 0, `thread ${i.key}`).toBe(0);
        expect(await exists(Number(i.key))).toBe(true);
      }
      const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
      expect(job).toMatchObject({ status: 'cancelled', cancelledBy: moderator.id });
    } finally {
      await control('DELETE', 'faults');
      await runner.stop();
    }
  });

  it('retry the failed: only the failed items run again, and the job ends done', async () => {
    const { retryFailedJobItems } = await import('./actions');
    const made = (await threads(3, 'retry')).map((t) => t.threadId);
    await control('POST', 'faults', { errorRate: 1, only: `/better-messages/v1/thread/${made[1]}/erase` });
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      const jobId = await eraseJob(made);
      await until(jobId, ['done']);
      let items = await itemsOf(jobId);
      expect(items.map((i) => i.status)).toEqual(['done', 'failed', 'done']);
      expect(items[1]!.error).toBeTruthy();
      await control('DELETE', 'faults');
      await control('DELETE', 'stats');
      expect(await retryFailedJobItems({ jobId })).toEqual({ ok: true, data: { retried: 1 } });
      await until(jobId, ['done']);
      items = await itemsOf(jobId);
      expect(items.map((i) => i.status)).toEqual(['done', 'done', 'done']);
      expect(items.map((i) => i.attempts)).toEqual([1, 2, 1]);
      const { byRoute } = await control('GET', 'stats');
      expect(byRoute[`/better-messages/v1/thread/${made[0]}/erase`] ?? 0).toBe(0);
      expect(byRoute[`/better-messages/v1/thread/${made[1]}/erase`]).toBe(1);
      expect(await exists(made[1]!)).toBe(false);
    } finally {
      await control('DELETE', 'faults');
      await runner.stop();
    }
  });

  it("a person's messages: theirs deleted, one not theirs failed in words, one deleted meanwhile gone", async () => {
    const theirs = await threads(3, 'alice', alice);
    const [notTheirs] = await threads(1, 'admin');
    await deleteMessagesSiteWide(admin, [theirs[2]!.messageId]);
    const keys = [...theirs.map((t) => t.messageId), notTheirs!.messageId];
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      const jobId = await startJob({
        siteId,
        kind: 'deleteUserMessages',
        label: 'Delete messages of Alice',
        params: { bmUserId: aliceId, reason: 'bulk kinds test' },
        items: keys.map((k) => ({ key: String(k), label: `Message #${k}` })),
        member: { id: moderator.id, email: moderator.email, role: moderator.role },
      });
      await until(jobId, ['done']);
      const items = await itemsOf(jobId);
      expect(items.map((i) => i.status)).toEqual(['done', 'done', 'gone', 'failed']);
      expect(items[3]!.error).toContain('not this person');
      const db = await getDb();
      const audited = await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'deleteUserMessages'), sql`${auditLog.params}->>'job' = ${String(jobId)}`),
        );
      expect(audited).toHaveLength(2);
    } finally {
      await runner.stop();
    }
  });

  it("bulk triage: each conversation resolved and audited as setConversationStatus; one not in the inbox 'gone'", async () => {
    const { addConversation } = await import('@/lib/services/triage/conversations');
    const { triageConversations } = await import('@/lib/services/triage/schema');
    const { indexThreads } = await import('@/lib/services/site-index/schema');
    const db = await getDb();
    const ids = [900_001, 900_002, 900_003];
    await db.insert(indexThreads).values(ids.map((id) => ({ siteId, id, subject: `Triage ${id}` })));
    await addConversation(siteId, ids[0]!, moderator);
    await addConversation(siteId, ids[1]!, moderator);
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      const jobId = await startJob({
        siteId,
        kind: 'triageBulk',
        label: 'Resolve 3 conversations',
        params: { change: 'resolve' },
        items: ids.map((id) => ({ key: String(id), label: `Triage ${id}` })),
        member: { id: moderator.id, email: moderator.email, role: moderator.role },
      });
      await until(jobId, ['done']);
      expect((await itemsOf(jobId)).map((i) => i.status)).toEqual(['done', 'done', 'gone']);
      const rows = await db
        .select({ threadId: triageConversations.threadId, status: triageConversations.status })
        .from(triageConversations)
        .where(eq(triageConversations.siteId, siteId))
        .orderBy(asc(triageConversations.threadId));
      expect(rows).toEqual([
        { threadId: ids[0], status: 'resolved' },
        { threadId: ids[1], status: 'resolved' },
      ]);
      const audited = await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, 'setConversationStatus'),
            sql`${auditLog.params}->>'job' = ${String(jobId)}`,
          ),
        );
      expect(audited).toHaveLength(3);
    } finally {
      await runner.stop();
    }
  });
});

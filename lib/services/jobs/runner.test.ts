/**
 * The jobs runner against the demo site over real HTTP (in this process, its own SQLite) and
 * PGlite (or PostgreSQL under test:pg): a ban-everywhere job ends with each thread banned once,
 * an erased thread 'gone', a refused one 'failed' with the site's words; and a second runner over
 * the same database, after a crash left items running with their lease run out, checks the site
 * before calling again, so no thread gets a second ban call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import {
  banUser,
  createBmClient,
  createThread,
  eraseThread,
  type BmClient,
} from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { auditLog } from '@/lib/infra/db/schema';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { insertSite } from '@/lib/services/sites/queries';
import { syncState } from '@/lib/services/site-index/schema';
import { JobRunner } from './runner';
import { jobItems, jobs } from './schema';
import { startJob } from './start';

const TARGET = 12; // a seeded member with threads of their own
const OTHER = 13;

let site: DemoSite;
let dir: string;
let admin: BmClient;
let siteId: number;

async function control(method: string, route: string, body?: unknown) {
  const res = await fetch(`${site.url}/__demo/${route}`, {
    method,
    headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { byRoute: Record<string, number> };
}

const banCalls = async (threadIds: number[]) => {
  const { byRoute } = await control('GET', 'stats');
  return threadIds.map((id) => byRoute[`/better-messages/v1/thread/${id}/banUser`] ?? 0);
};

async function threadsWith(bmUserId: number, n: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const made = await createThread(admin, {
      recipientBmUserIds: [bmUserId],
      subject: `${tag} ${i}`,
      message: `${tag} thread ${i}`,
    });
    ids.push(made.threadId);
  }
  return ids;
}

const banJob = (threadIds: number[]) =>
  startJob({
    siteId,
    kind: 'restrictEverywhere',
    label: `Ban #${TARGET} in ${threadIds.length} threads`,
    params: { bmUserId: TARGET, kind: 'ban', duration: 60, reason: 'runner test' },
    items: threadIds.map((id) => ({ key: String(id), label: `Thread #${id}` })),
    member: null,
  });

async function untilDone(jobId: number, timeoutMs = 60_000) {
  const db = await getDb();
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    if (job?.status === 'done') return job;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${job?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function itemsOf(jobId: number) {
  const db = await getDb();
  return db.select().from(jobItems).where(eq(jobItems.jobId, jobId)).orderBy(asc(jobItems.seq));
}

beforeAll(async () => {
  // The database first (migrations take seconds): a connection the site's client keeps open
  // would otherwise outlive the demo site's keep-alive while they run.
  await getDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-jobs-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  const creds = {
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
  };
  admin = createBmClient(creds);
  siteId = (
    await insertSite({
      name: `Jobs ${Date.now()}`,
      url: site.url,
      username: creds.username,
      appPassword: creds.appPassword,
      probe: await checkConnection(creds),
    })
  ).id;
  const db = await getDb();
  await db
    .insert(syncState)
    .values({ siteId, concurrency: 4 })
    .onConflictDoUpdate({
      target: syncState.siteId,
      set: { concurrency: 4 },
    });
});

afterAll(async () => {
  await site?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('job runner', () => {
  it("bans in every thread once; an erased thread is gone, a refused one failed in the site's words", async () => {
    const threadIds = await threadsWith(TARGET, 40, 'runner');
    const [erased] = await threadsWith(TARGET, 1, 'erased');
    await eraseThread(admin, erased!);
    const [notTheirs] = await threadsWith(OTHER, 1, 'not theirs');
    await control('POST', 'faults', { latencyMs: 20 });
    await control('DELETE', 'stats');

    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      const jobId = await banJob([...threadIds, erased!, notTheirs!, threadIds[0]!]);
      const job = await untilDone(jobId);
      expect(job.total).toBe(42);
      expect(job.finishedAt).not.toBeNull();
      expect(await banCalls(threadIds)).toEqual(threadIds.map(() => 1));

      const items = await itemsOf(jobId);
      const byKey = new Map(items.map((i) => [Number(i.key), i]));
      expect(items.filter((i) => i.status === 'done')).toHaveLength(40);
      expect(byKey.get(erased!)).toMatchObject({ status: 'gone', attempts: 1 });
      expect(byKey.get(notTheirs!)).toMatchObject({
        status: 'failed',
        code: 'rest_forbidden',
        error: expect.stringContaining('not allowed'),
      });
      expect(items.every((i) => i.lockedBy === null && i.finishedAt !== null)).toBe(true);

      // Each thread is on record under the thread page's own action name, with its job.
      const db = await getDb();
      const audited = await db
        .select({ target: auditLog.target, params: auditLog.params })
        .from(auditLog)
        .where(and(eq(auditLog.siteId, siteId), eq(auditLog.action, 'banUserInThread')))
        .orderBy(asc(auditLog.id));
      const ofJob = audited.filter((a) => a.params?.job === jobId);
      expect(ofJob).toHaveLength(42);
      expect(ofJob[0]?.params).toMatchObject({ duration: 60, reason: 'runner test' });
    } finally {
      await runner.stop();
      await control('DELETE', 'faults');
    }
  });

  it('after a crash, a new runner checks the site first and calls no thread twice', async () => {
    const threadIds = await threadsWith(TARGET, 20, 'crash');
    await control('DELETE', 'stats');
    const jobId = await banJob(threadIds);
    // A runner of another host died with items 0–9 in flight: 0–4 had reached the site.
    for (const id of threadIds.slice(0, 5)) await banUser(admin, id, TARGET, 60);
    const db = await getDb();
    await db
      .update(jobItems)
      .set({
        status: 'running',
        lockedBy: 'elsewhere:1:dead',
        lockedUntil: sql`now() - interval '1 second'`,
        attempts: 1,
      })
      .where(and(eq(jobItems.jobId, jobId), sql`${jobItems.seq} < 10`));
    await db.update(jobs).set({ status: 'running' }).where(eq(jobs.id, jobId));

    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      await untilDone(jobId);
      expect(await banCalls(threadIds)).toEqual(threadIds.map(() => 1));
      const items = await itemsOf(jobId);
      expect(items.every((i) => i.status === 'done')).toBe(true);
      expect(items.slice(0, 10).map((i) => i.attempts)).toEqual(Array(10).fill(2));
    } finally {
      await runner.stop();
    }
  });

  it('takes over at once the items of a dead process of this host, and leaves a live lease alone', async () => {
    const threadIds = await threadsWith(TARGET, 4, 'takeover');
    const jobId = await banJob(threadIds);
    const db = await getDb();
    const lease = sql`now() + interval '1 hour'`;
    // pid 2^22+1 is above Linux's pid_max: no such process.
    const dead = `${os.hostname()}:4194305:abcd`;
    const alive = `${os.hostname()}:${process.ppid}:abcd`;
    await db
      .update(jobItems)
      .set({ status: 'running', lockedBy: dead, lockedUntil: lease, attempts: 1 })
      .where(and(eq(jobItems.jobId, jobId), sql`${jobItems.seq} < 2`));
    await db
      .update(jobItems)
      .set({ status: 'running', lockedBy: alive, lockedUntil: lease, attempts: 1 })
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.seq, 3)));
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] });
    expect(await runner.takeOverDead()).toBe(2);
    runner.start();
    try {
      const end = Date.now() + 20_000;
      while ((await itemsOf(jobId)).filter((i) => i.status === 'done').length < 3 && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const items = await itemsOf(jobId);
      expect(items.map((i) => i.status)).toEqual(['done', 'done', 'done', 'running']);
      expect(items[3]?.lockedBy).toBe(alive);
    } finally {
      await runner.stop();
      await db.delete(jobs).where(eq(jobs.id, jobId));
    }
  });
});

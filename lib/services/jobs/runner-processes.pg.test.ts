/**
 * Two BM Desk processes on one PostgreSQL share the work of one job: two real child processes
 * (tests/support/job-runner-process.ts), each with its own runner, over a ban-everywhere job of
 * 200 threads against the demo site answering slowly. Every thread's ban is called exactly once,
 * both processes do some of the items, and the site never has more calls in flight than its
 * concurrency (the claim's per-site advisory lock and count hold across processes).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import { createBmClient, createThread, type BmClient } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { insertSite } from '@/lib/services/sites/queries';
import { syncState } from '@/lib/services/site-index/schema';
import { jobItems, jobs } from './schema';
import { startJob } from './start';

const TARGET = 12;
const THREADS = 200;
const CONCURRENCY = 4;

let site: DemoSite;
let dir: string;
let admin: BmClient;

async function control(method: string, route: string, body?: unknown) {
  const res = await fetch(`${site.url}/__demo/${route}`, {
    method,
    headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { byRoute: Record<string, number>; maxInFlight: number };
}

type Line = { ready?: boolean; id?: string; ended?: { done: number } };

function runnerProcess() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', 'tests/support/job-runner-process.ts'],
    { env: { ...process.env, BMDESK_SYNC: 'off' }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Line[] = [];
  const waiters: (() => void)[] = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Line);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  async function next(pred: (l: Line) => boolean): Promise<Line> {
    for (;;) {
      const found = lines.find(pred);
      if (found) return found;
      await Promise.race([new Promise<void>((r) => waiters.push(r)), exited]);
      if (child.exitCode !== null && !lines.find(pred))
        throw new Error(`runner process exited ${child.exitCode}`);
    }
  }
  return { child, next, exited };
}

describe('two runner processes on PostgreSQL', () => {
  beforeAll(async () => {
    await getDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-jobs-pg-'));
    site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
    admin = createBmClient({
      siteUrl: site.url,
      username: site.credentials.BM_SITE_USER!,
      appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
    });
  });

  afterAll(async () => {
    await site?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('share one job: each thread banned once, both do some, never over the concurrency', async () => {
    const creds = {
      siteUrl: site.url,
      username: site.credentials.BM_SITE_USER!,
      appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
    };
    const { id: siteId } = await insertSite({
      name: `Jobs PG ${Date.now()}`,
      url: site.url,
      username: creds.username,
      appPassword: creds.appPassword,
      probe: await checkConnection(creds),
    });
    const db = await getDb();
    await db
      .insert(syncState)
      .values({ siteId, concurrency: CONCURRENCY })
      .onConflictDoUpdate({ target: syncState.siteId, set: { concurrency: CONCURRENCY } });
    const threadIds: number[] = [];
    for (let i = 0; i < THREADS; i++) {
      const made = await createThread(admin, {
        recipientBmUserIds: [TARGET],
        subject: `two processes ${i}`,
        message: `thread ${i}`,
      });
      threadIds.push(made.threadId);
    }

    const a = runnerProcess();
    const b = runnerProcess();
    try {
      await Promise.all([a.next((l) => !!l.ready), b.next((l) => !!l.ready)]);
      await control('POST', 'faults', { latencyMs: 60, only: '/better-messages/v1/thread/' });
      await control('DELETE', 'stats');
      const jobId = await startJob({
        siteId,
        kind: 'restrictEverywhere',
        label: `Ban #${TARGET} in ${THREADS} threads`,
        params: { bmUserId: TARGET, kind: 'ban', duration: 60, reason: 'two processes' },
        items: threadIds.map((id) => ({ key: String(id), label: `Thread #${id}` })),
        member: null,
      });
      a.child.stdin.write(`${jobId} ${siteId}\n`);
      b.child.stdin.write(`${jobId} ${siteId}\n`);
      const [endA, endB] = await Promise.all([a.next((l) => !!l.ended), b.next((l) => !!l.ended)]);
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);

      const stats = await control('GET', 'stats');
      const calls = threadIds.map((id) => stats.byRoute[`/better-messages/v1/thread/${id}/banUser`] ?? 0);
      expect(calls).toEqual(threadIds.map(() => 1));
      expect(stats.maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
      console.log(`[jobs] split: ${endA.ended!.done} + ${endB.ended!.done}, site peak ${stats.maxInFlight}`);
      expect(endA.ended!.done).toBeGreaterThan(0);
      expect(endB.ended!.done).toBeGreaterThan(0);
      // Every item done, each by one runner, in one attempt. (Not "a + b = 200": a runner of
      // another test file on the same database, not kept to its own site, may take some.)
      expect(endA.id).not.toBe(endB.id);

      const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
      expect(job?.status).toBe('done');
      const items = await db.select().from(jobItems).where(eq(jobItems.jobId, jobId));
      expect(items.every((i) => i.status === 'done' && i.attempts === 1)).toBe(true);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
      await control('DELETE', 'faults');
    }
  }, 180_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { demoSite, OWNER, signIn, siteApi } from './helpers';

/**
 * "Ban everywhere" is a durable job the server runs:
 * (a) started on the person's page, the page closed at once: the job goes on and finishes, each
 *     thread banned once (the demo site's own count);
 * (b) a BM Desk server of its own (same build, its own port and data folder, the demo owner and
 *     site made at boot) is killed with SIGKILL in the middle of a job and started again: the job
 *     resumes and finishes, and still each thread's ban was called exactly once.
 */

const SITE = '/demo-community';
const require = createRequire(import.meta.url);
const stamp = Date.now().toString(36);

test.describe.configure({ mode: 'serial' });

async function demo(method: string, route: string, body?: unknown) {
  const site = demoSite();
  const res = await fetch(`${site.BM_SITE_URL}/__demo/${route}`, {
    method,
    headers: { 'X-Demo-Control': site.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as { byRoute: Record<string, number> };
}

async function createThreads(bmUserId: number, group: string, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const made = await siteApi('/thread/new', {
      method: 'POST',
      body: { recipients: [bmUserId], subject: `jobs${stamp}-${group}-${i}`, message: `Jobs e2e ${i}` },
    });
    ids.push((made.json as { thread_id: number }).thread_id);
  }
  return ids;
}

/**
 * Ban calls per thread as the demo site counts them: `reached`, calls its handler ran (read
 * whole); `received` also counts a request cut off when the BM Desk sending it was killed, which
 * the site never carried out (nor would WordPress: PHP has not started on a request not read).
 */
const banCalls = async (threadIds: number[], count: 'reached' | 'received' = 'reached') => {
  const stats = (await demo('GET', 'stats')) as unknown as Record<
    'reached' | 'byRoute',
    Record<string, number>
  >;
  const byPath = count === 'reached' ? stats.reached : stats.byRoute;
  return threadIds.map((id) => byPath[`/better-messages/v1/thread/${id}/banUser`] ?? 0);
};

/** The person's page once the index has every thread made for them; answers how many it lists. */
async function personPage(page: Page, bmUserId: number, atLeast: number): Promise<void> {
  await expect(async () => {
    await page.goto(`${SITE}/users/${bmUserId}`);
    const heading = await page.getByTestId('user-threads').locator('h2').first().innerText();
    expect(Number(/\((\d+)\)/.exec(heading)?.[1] ?? 0)).toBeGreaterThanOrEqual(atLeast);
  }).toPass({ timeout: 60_000, intervals: [1000] });
}

/** Starts "ban everywhere" from the person's page; answers how many threads it said. */
async function startBan(page: Page): Promise<number> {
  await page.getByTestId('user-actions').getByRole('button', { name: 'Ban from all their threads' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ban everywhere' });
  await dialog.getByLabel('In your own words (optional)').fill(`e2e jobs ${stamp}`);
  const button = dialog.getByRole('button', { name: /^Ban in \d+ threads$/ });
  const total = Number(/\d+/.exec(await button.innerText())![0]);
  await button.click();
  await expect(dialog.getByTestId('job-started')).toBeVisible();
  return total;
}

type JobView = { id: number; kind: string; status: string; total: number; counts: { done: number } };

async function latestBanJob(request: APIRequestContext): Promise<JobView | undefined> {
  const res = await request.get('/api/jobs');
  if (!res.ok()) return undefined;
  const body = (await res.json()) as { ok: boolean; jobs?: JobView[] };
  return (body.jobs ?? []).filter((j) => j.kind === 'restrictEverywhere').sort((a, b) => b.id - a.id)[0];
}

/** Lifts the bans and puts the person back, so later specs find the demo site as it was. */
async function restore(bmUserId: number, threadIds: number[]) {
  for (const id of threadIds) {
    await siteApi(`/thread/${id}/unbanUser`, { method: 'POST', body: { user_id: bmUserId } });
    await siteApi(`/thread/${id}/addParticipant`, { method: 'POST', body: { user_id: [bmUserId] } });
  }
}

test.afterEach(async () => {
  await demo('DELETE', 'faults');
});

test('a ban-everywhere job goes on after its page is closed, and bans each thread once', async ({
  browser,
}) => {
  const PERSON = 15;
  const made = await createThreads(PERSON, 'a', 60);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, OWNER);
  await personPage(page, PERSON, made.length);
  await demo('POST', 'faults', { latencyMs: 150, only: '/better-messages/v1/thread/' });
  await demo('DELETE', 'stats');
  const total = await startBan(page);
  // The server works out the threads itself, from the index as it is now (it may have grown since
  // the page was drawn).
  const started = await latestBanJob(context.request);
  expect(started?.total).toBeGreaterThanOrEqual(Math.min(total, made.length));
  await page.close();

  // Another page of the same member: the job goes on without the first.
  const other = await context.newPage();
  await other.goto(`${SITE}/users/${PERSON}`);
  await expect
    .poll(async () => (await latestBanJob(context.request))?.status, { timeout: 45_000, intervals: [500] })
    .toBe('done');
  const job = await latestBanJob(context.request);
  expect(job?.id).toBe(started?.id);
  expect(job?.counts.done).toBe(job?.total);
  expect(await banCalls(made)).toEqual(made.map(() => 1));
  await other.reload();
  await expect(other.getByTestId('restrictions')).toContainText('Banned');
  await context.close();
  await restore(PERSON, made);
});

// --- (b): a BM Desk of its own, killed mid-job ---

const OWN_PORT = Number(process.env.E2E_APP_PORT ?? 3100) + 7;
const OWN_DIR = path.resolve(`${process.env.E2E_DATA_DIR ?? 'data/e2e'}-jobs-kill`);
const OWN_URL = `http://127.0.0.1:${OWN_PORT}`;

function startOwnServer(): ChildProcess {
  const credentials = path.resolve(process.env.E2E_SITE_DATA_DIR ?? 'data/e2e-site', 'credentials.env');
  const child = spawn(
    process.execPath,
    [require.resolve('next/dist/bin/next'), 'start', '-p', String(OWN_PORT), '-H', '127.0.0.1'],
    {
      env: {
        ...process.env,
        BMDESK_DATA_DIR: OWN_DIR,
        DATABASE_URL: '',
        BMDESK_DEMO_BOOTSTRAP: credentials,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = fs.createWriteStream(path.join(OWN_DIR, 'server.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function healthy() {
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${OWN_URL}/api/health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(200);
}

test('a job resumes after its server is killed (SIGKILL) and restarted, each ban called once', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const PERSON = 16;
  fs.rmSync(OWN_DIR, { recursive: true, force: true });
  fs.mkdirSync(OWN_DIR, { recursive: true });
  const made = await createThreads(PERSON, 'b', 40);
  let server = startOwnServer();
  try {
    await healthy();
    const [email, password] = fs.readFileSync(path.join(OWN_DIR, 'demo-login.txt'), 'utf8').split('\n');
    const owner = { email: email!, password: password! };
    const context = await browser.newContext({ baseURL: OWN_URL });
    const page = await context.newPage();
    await signIn(page, owner);
    await personPage(page, PERSON, made.length);
    await demo('POST', 'faults', { latencyMs: 250, only: '/better-messages/v1/thread/' });
    await demo('DELETE', 'stats');
    const total = await startBan(page);
    await expect
      .poll(async () => (await latestBanJob(context.request))?.counts.done ?? 0, {
        timeout: 30_000,
        intervals: [200],
      })
      .toBeGreaterThanOrEqual(8);
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    const before = await banCalls(made);
    expect(before.filter((n) => n > 0).length).toBeLessThan(made.length);

    // The session outlives the restart: the same member keeps reading the jobs.
    server = startOwnServer();
    await healthy();
    await expect
      .poll(async () => (await latestBanJob(context.request))?.status, { timeout: 60_000, intervals: [500] })
      .toBe('done');
    const job = await latestBanJob(context.request);
    expect(job?.total).toBeGreaterThanOrEqual(Math.min(total, made.length));
    expect(job?.counts.done).toBe(job?.total);
    expect(await banCalls(made)).toEqual(made.map(() => 1));
    // At most one more request received for a thread: the one the kill cut off before the site read it.
    const received = await banCalls(made, 'received');
    expect(received.every((n) => n === 1 || n === 2)).toBe(true);
    console.log(`[jobs e2e] requests cut off by the kill: ${received.filter((n) => n === 2).length}`);
    await context.close();
  } finally {
    server.kill('SIGKILL');
    await demo('DELETE', 'faults');
    await restore(PERSON, made);
  }
});

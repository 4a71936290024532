import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { OWNER, signIn, siteApi, siteThread, SUPPORT } from './helpers';

const SITE = '/demo-community';
/** Collision warnings must show within this long (issue 11). */
const WITHIN_MS = 2_000;

test.describe.configure({ mode: 'serial' });

/** A thread that exists on the demo site now (other specs erase some). */
async function liveThreadId(): Promise<number> {
  const rows = (await siteApi('/admin/getMessages')).json as { messages: { thread_id: string }[] };
  for (const id of new Set(rows.messages.map((m) => Number(m.thread_id)))) {
    if ((await siteThread(id)).thread) return id;
  }
  throw new Error('no thread left on the demo site');
}

/**
 * Times each page's presence streams (created, and each event received) on the browser's one
 * clock, so the server's part of the latency is measured without Playwright's polling in it.
 */
function recordStreams() {
  const log: { at: number; what: string; data?: string }[] = [];
  (window as unknown as { __presence: typeof log }).__presence = log;
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      log.push({ at: Date.now(), what: 'created' });
      this.addEventListener('presence', (e) =>
        log.push({ at: Date.now(), what: 'presence', data: (e as MessageEvent<string>).data }),
      );
    }
  };
}

type StreamLog = { at: number; what: string; data?: string }[];

function streamLog(page: Page): Promise<StreamLog> {
  return page.evaluate(() => (window as unknown as { __presence: StreamLog }).__presence);
}

/** From the last stream `opener` created to the first event on `watcher` naming `name`. */
async function serverLatency(opener: Page, watcher: Page, name: string): Promise<number> {
  const created = (await streamLog(opener)).filter((e) => e.what === 'created').at(-1)!.at;
  const heard = (await streamLog(watcher)).find(
    (e) => e.what === 'presence' && e.at >= created && e.data!.includes(`"name":"${name}"`),
  )!.at;
  return heard - created;
}

async function openAs(browser: Browser, who: { email: string; password: string }, baseURL?: string) {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  await context.addInitScript(recordStreams);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, who);
  return { page, violations, close: () => context.close() };
}

/** Opens the thread and returns when its page has loaded (the badge may come after). */
async function openThread(page: Page, threadId: number) {
  await page.goto(`${SITE}/threads/${threadId}`);
  await expect(page.getByTestId('timeline')).toBeVisible();
}

/** Resolves once `page` shows exactly these presence badges; checked every 10 ms, so the time is fine-grained. */
async function badges(page: Page, texts: string[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid="presence-badge"]')].map((e) => e.textContent),
      ) === want,
    JSON.stringify(texts),
    { polling: 10, timeout: WITHIN_MS },
  );
}

/** Milliseconds from `started` until `page` shows exactly `text` as the only presence badge. */
async function badgeAfter(page: Page, text: string, started: number): Promise<number> {
  await badges(page, [text]);
  return Date.now() - started;
}

test('two members on one thread see each other within 2 s, replying included, and the leave', async ({
  browser,
}) => {
  const threadId = await liveThreadId();
  const owner = await openAs(browser, OWNER);
  const support = await openAs(browser, SUPPORT);

  await openThread(owner.page, threadId);
  await expect(owner.page.getByTestId('presence-badge')).toHaveCount(0);
  const t0 = Date.now();
  await openThread(support.page, threadId);
  const loaded = Date.now() - t0;
  // The 2 s run from the moment the second page has loaded.
  const [seen, seenBack] = await Promise.all([
    badgeAfter(owner.page, `${SUPPORT.name} is viewing`, t0 + loaded),
    badgeAfter(support.page, `${OWNER.name} is viewing`, t0 + loaded),
  ]);
  const server = await serverLatency(support.page, owner.page, SUPPORT.name);

  // 'replying' comes from the reply composer; here its announcement is sent as the page would.
  const announce = (state: string, leave?: boolean) =>
    support.page.request.post('/api/presence', {
      data: { topic: `thread:1:${threadId}`, client: 'composer-e2e-1', state, leave },
    });
  const t1 = Date.now();
  expect((await announce('replying')).status()).toBe(204);
  const replying = await badgeAfter(owner.page, `${SUPPORT.name} is replying`, t1);
  expect((await announce('replying', true)).status()).toBe(204);
  await badgeAfter(owner.page, `${SUPPORT.name} is viewing`, Date.now());

  // Leaving the thread ends the stream: gone at once, not after the 15 s expiry.
  const t2 = Date.now();
  await support.page.goto('about:blank');
  await badges(owner.page, []);
  const gone = Date.now() - t2;
  console.log(
    `[presence] one process: second page loaded in ${loaded} ms, then badges after ${seen} ms / ${seenBack} ms ` +
      `(stream created → other tab's event: ${server} ms); replying ${replying} ms after the POST; leave ${gone} ms`,
  );
  expect(owner.violations).toEqual([]);
  expect(support.violations).toEqual([]);
  await owner.close();
  await support.close();
});

test('the presence endpoints check the session, the topic and the site', async ({ page, playwright }) => {
  const threadId = await liveThreadId();
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const res = await anonymous.get(`/api/presence?topic=thread:1:${threadId}`, { maxRedirects: 0 });
  expect([302, 303, 307, 401]).toContain(res.status());
  await anonymous.dispose();

  await signIn(page, SUPPORT);
  const get = (q: string) => page.request.get(`/api/presence?${q}`, { timeout: 5_000 });
  expect((await get('topic=nonsense')).status()).toBe(400);
  expect((await get('topic=thread:999:1')).status()).toBe(404);
  expect((await get(`topic=thread:1:1&topic=thread:1:2&client=abcdefgh12`)).status()).toBe(400);
  const post = await page.request.post('/api/presence', {
    headers: { 'Content-Type': 'text/plain' },
    data: JSON.stringify({ topic: `thread:1:${threadId}`, client: 'abcdefgh12', state: 'viewing' }),
  });
  expect(post.status()).toBe(415);
});

// ---- Two BM Desk processes behind "a load balancer": one PostgreSQL, LISTEN/NOTIFY between them.

const PORTS = [3410, 3411] as const;
const PG_ADMIN = process.env.BMDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PAT = { name: 'Pat Presence', email: 'pat@e2e.test', password: 'pat-password-e2e-12' };

async function adminSql(query: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

function startServer(port: number, env: Record<string, string>, dir: string): ChildProcess {
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.createWriteStream(path.join(dir, 'server.log'));
  const child = spawn(
    process.execPath,
    [path.resolve('node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    { env: { ...process.env, ...env, BMDESK_DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

async function healthy(port: number, child: ChildProcess, dir: string) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then(async (r) => r.ok && ((await r.json()) as { database: string }).database === 'postgres')
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `BM Desk on ${port} did not start:\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8')}`,
  );
}

test('two server processes on one PostgreSQL: members on each see each other within 2 s', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const dbName = `bmdesk_e2e_presence_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  await adminSql(`CREATE DATABASE ${dbName}`);
  const root = path.resolve('data/e2e-presence');
  fs.rmSync(root, { recursive: true, force: true });
  const shared = {
    DATABASE_URL: url.toString(),
    BMDESK_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    // The thread view reads the site live; no index is needed here.
    BMDESK_SYNC: 'off',
  };
  const dirs = PORTS.map((p) => path.join(root, String(p)));
  // The first process creates an owner and connects the demo site; the second only shares the database.
  const children = [
    startServer(
      PORTS[0],
      {
        ...shared,
        BMDESK_DEMO_BOOTSTRAP: path.resolve(
          process.env.E2E_SITE_DATA_DIR ?? 'data/e2e-site',
          'credentials.env',
        ),
      },
      dirs[0]!,
    ),
    startServer(PORTS[1], shared, dirs[1]!),
  ];
  const contexts: { close(): Promise<void> }[] = [];
  try {
    await Promise.all(PORTS.map((p, i) => healthy(p, children[i]!, dirs[i]!)));
    const [email, password] = fs
      .readFileSync(path.join(dirs[0]!, 'demo-login.txt'), 'utf8')
      .trim()
      .split('\n');
    const owner = { name: 'Demo Owner', email: email!, password: password! };

    const a = await openAs(browser, owner, `http://127.0.0.1:${PORTS[0]}`);
    contexts.push(a);
    await a.page.goto('/team');
    const form = a.page.locator('form', { has: a.page.getByRole('button', { name: 'Add member' }) });
    await form.getByLabel('Name', { exact: true }).fill(PAT.name);
    await form.getByLabel('Email').fill(PAT.email);
    await form.getByLabel('Role').selectOption('support');
    await form.getByLabel('Initial password').fill(PAT.password);
    await form.getByRole('button', { name: 'Add member' }).click();
    await expect(a.page.getByRole('status')).toHaveText(`Added ${PAT.email}.`);
    const b = await openAs(browser, PAT, `http://127.0.0.1:${PORTS[1]}`);
    contexts.push(b);

    const threadId = await liveThreadId();
    await openThread(a.page, threadId);
    const t0 = Date.now();
    await openThread(b.page, threadId);
    const loaded = Date.now() - t0;
    // b's process starts its bus now: it learns of the owner from process a's answer to its hello.
    const [seenOnA, seenOnB] = await Promise.all([
      badgeAfter(a.page, `${PAT.name} is viewing`, t0 + loaded),
      badgeAfter(b.page, `${owner.name} is viewing`, t0 + loaded),
    ]);

    // Pat leaves: the goodbye crosses from process b to process a.
    const t1 = Date.now();
    await b.page.goto('about:blank');
    await badges(a.page, []);
    const gone = Date.now() - t1;
    // And comes back, both buses warm now.
    const t2 = Date.now();
    await openThread(b.page, threadId);
    const loadedAgain = Date.now() - t2;
    const seenAgain = await badgeAfter(a.page, `${PAT.name} is viewing`, t2 + loadedAgain);
    const server = await serverLatency(b.page, a.page, PAT.name);
    console.log(
      `[presence] two processes on PostgreSQL: second page loaded in ${loaded} ms, then badges after ${seenOnA} ms on ${PORTS[0]} / ${seenOnB} ms on ${PORTS[1]}; ` +
        `leave ${gone} ms; back ${seenAgain} ms after its page loaded (stream created on ${PORTS[1]} → event on ${PORTS[0]}: ${server} ms)`,
    );
    expect(a.violations).toEqual([]);
    expect(b.violations).toEqual([]);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await adminSql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { serverLog } from './helpers';

const require = createRequire(import.meta.url);
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const OWNER = { name: 'Tess Throttle', email: 'owner@throttle.test', password: 'throttle-password-1' };
const WRONG = 'Wrong email or password.';
const THROTTLED = /^Too many failed sign-ins\./;

/**
 * A server of its own (same build, its own data folder): the suite's server is shared, and five
 * failures from 127.0.0.1 would lock every other test out of signing in.
 */
async function startApp(port: number, env: Record<string, string>) {
  const dataDir = path.resolve(`${process.env.E2E_DATA_DIR ?? 'data/e2e'}-throttle-${port}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(
    process.execPath,
    [require.resolve('next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      env: {
        ...process.env,
        DATABASE_URL: undefined,
        BMDESK_DATA_DIR: dataDir,
        BMDESK_SYNC: 'off',
        BMDESK_SIGNIN_MAX_PER_IP: '5',
        BMDESK_SIGNIN_MAX_PER_ACCOUNT: '50',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (c: Buffer) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(
      () =>
        fetch(`${url}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 90_000 },
    )
    .toBe(200);
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Creates the owner (sign-in needs one), then returns a page in a fresh, signed-out browser. */
async function setUpOwner(browser: Browser, url: string): Promise<Page> {
  const setup = await browser.newContext({ baseURL: url });
  const page = await setup.newPage();
  await page.goto('/setup');
  await page.getByLabel('Your name').fill(OWNER.name);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Repeat the password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create owner and sign in' }).click();
  await expect(page.getByTestId('current-member')).toBeVisible();
  await setup.close();
  const guesser = await browser.newContext({ baseURL: url });
  return guesser.newPage();
}

/** One wrong password, sent with `headers`; returns what the form said. */
async function guess(page: Page, email: string, headers: Record<string, string>): Promise<string> {
  await page.setExtraHTTPHeaders(headers);
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const error = page.getByTestId('form-error');
  await expect(error).toBeVisible();
  return (await error.textContent()) ?? '';
}

test.describe('the per-address sign-in throttle', () => {
  test.setTimeout(240_000);

  test('counts the connection, whatever X-Forwarded-For and X-Real-IP claim', async ({ browser }) => {
    const app = await startApp(APP_PORT + 5, {});
    try {
      const page = await setUpOwner(browser, app.url);
      // A new address claimed and a new account tried every time: only the connection repeats.
      for (let i = 1; i <= 6; i++) {
        const said = await guess(page, `guess-${i}@throttle.test`, {
          'X-Forwarded-For': `198.51.100.${i}`,
          'X-Real-IP': `203.0.113.${i}`,
        });
        if (i <= 5) expect(said, `attempt ${i}`).toBe(WRONG);
        else expect(said, `attempt ${i}`).toMatch(THROTTLED);
      }
    } finally {
      await app.stop();
    }
  });

  test('with BMDESK_TRUSTED_PROXIES=1, counts the address the proxy appended', async ({ browser }) => {
    const app = await startApp(APP_PORT + 6, { BMDESK_TRUSTED_PROXIES: '1' });
    try {
      const page = await setUpOwner(browser, app.url);
      // The connection (127.0.0.1) is the trusted proxy; it appended 203.0.113.7. What the client
      // itself put before that changes every time and is never read.
      for (let i = 1; i <= 6; i++) {
        const said = await guess(page, `proxied-${i}@throttle.test`, {
          'X-Forwarded-For': `10.9.9.${i}, 203.0.113.7`,
        });
        if (i <= 5) expect(said, `attempt ${i}`).toBe(WRONG);
        else expect(said, `attempt ${i}`).toMatch(THROTTLED);
      }
      // Another client behind the same proxy has its own count.
      expect(await guess(page, 'other@throttle.test', { 'X-Forwarded-For': '203.0.113.8' })).toBe(WRONG);
    } finally {
      await app.stop();
    }
  });
});

test('a server action posted from another site is refused with 403 in words, not a 500', async ({
  request,
}) => {
  const logBefore = serverLog().length;
  const action = { 'Next-Action': `7f${'0'.repeat(40)}`, 'Content-Type': 'text/plain;charset=UTF-8' };
  for (const origin of ['http://evil.example', 'null', 'not an origin']) {
    const res = await request.post('/signin', { headers: { ...action, Origin: origin }, data: '[]' });
    expect(res.status(), origin).toBe(403);
    expect(await res.text()).toMatch(/sent from another site/);
  }
  // A form posted without script (Next runs these as actions too) is held to the same rule.
  const form = await request.post('/signin', {
    headers: { Origin: 'http://evil.example' },
    multipart: { email: 'x@evil.example' },
  });
  expect(form.status()).toBe(403);
  // Refused before Next's own check, which would have thrown and logged the attempt as an error.
  const log = serverLog().slice(logBefore);
  expect(log).not.toMatch(/Invalid Server Actions request|does not match `origin`|^\s+at /m);

  // Same origin still reaches Next: an action id it does not know is its own answer, not ours.
  const same = await request.post('/signin', {
    headers: { ...action, Origin: `http://127.0.0.1:${APP_PORT}` },
    data: '[]',
  });
  expect(same.status()).not.toBe(403);
  expect(same.headers()['x-nextjs-action-not-found']).toBe('1');
});

import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { OWNER, serverLog, signIn, siteApi } from './helpers';

/**
 * Alerts: an admin sets a site's thresholds, and a spike of reports made on the site reaches the
 * team's notifications; the webhook (a receiver started here) gets a signed test alert; the
 * desk's mail server (an SMTP server started here) takes a test e-mail; a member picks e-mail.
 * Everything it changes is put back at the end.
 */
const SITE = '/demo-community';
const CAROL = 4;
const SECRET = `e2e-webhook-secret-${Date.now()}`;
const MAIL_PASSWORD = `e2e-mail-password-${Date.now()}`;

test.describe.configure({ mode: 'serial' });

type Bundle = {
  messages: { message_id: number; thread_id: number; sender_id: number; meta?: { isPending?: boolean } }[];
};

const posts: { body: string; signature: string }[] = [];
const mails: { to: string[]; raw: string }[] = [];
let receiver: http.Server;
let smtp: SMTPServer;

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['x-bmdesk-signature'] ?? ''),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  smtp = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _s, cb) {
      if (auth.username === 'desk' && auth.password === MAIL_PASSWORD) cb(null, { user: 'desk' });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
  await new Promise<void>((r) => smtp.close(() => r()));
});

test('a spike of reports reaches the notifications once the thresholds are set', async ({ page }) => {
  // Carol reports two messages of others now: two reports in the last hour.
  const mine = (await siteApi('/threads', { user: CAROL })).json as Bundle;
  const targets = mine.messages
    .filter((m) => m.sender_id !== CAROL && m.sender_id > 0 && !m.meta?.isPending)
    .slice(-2);
  expect(targets).toHaveLength(2);
  for (const m of targets) {
    const r = await siteApi('/reports/reportMessage', {
      method: 'POST',
      user: CAROL,
      body: { message_id: m.message_id, thread_id: m.thread_id, category: 'spam', description: 'e2e alerts' },
    });
    expect(r.status).toBe(200);
  }

  await signIn(page, OWNER);
  await page.goto(`${SITE}/alerts`);
  await expect(page.getByRole('heading', { name: /^Alerts · / })).toBeVisible();
  const form = page.getByRole('form', { name: 'Thresholds' });
  await form.getByLabel('Reports in an hour above the usual rate times').fill('1');
  await form.getByLabel('… and at least this many reports').fill('2');
  // A bad value is refused beside its field.
  await form.getByLabel('The sync has failed for longer than (minutes)').fill('-5');
  await form.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.locator('#field-syncFailedMinutes-error')).toContainText('Enter 0 (off) or more.');
  await form.getByLabel('The sync has failed for longer than (minutes)').fill('30');

  // Saving checks at once; the sync indexes the new reports within its interval.
  await expect(async () => {
    await page.goto(`${SITE}/alerts`);
    await form.getByLabel('Reports in an hour above the usual rate times').fill('1');
    await form.getByLabel('… and at least this many reports').fill('2');
    await form.getByRole('button', { name: 'Save thresholds' }).click();
    await expect(form.getByRole('status')).toContainText('Saved. Checked now', { timeout: 2_000 });
    await page.goto('/notifications');
    await expect(
      page.getByTestId('alert-notification').filter({ hasText: 'reports in the last hour' }).first(),
    ).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  const alert = page
    .getByTestId('alert-notification')
    .filter({ hasText: 'reports in the last hour' })
    .first();
  await expect(alert).toContainText('Demo community');
  await expect(alert.getByRole('link')).toHaveAttribute('href', `${SITE}/reports`);

  // The site's page lists it with its deliveries.
  await page.goto(`${SITE}/alerts`);
  await expect(page.getByTestId('recent-alerts')).toContainText('reports in the last hour');
  await expect(page.getByTestId('recent-alerts')).toContainText('in the app:');
});

test('the webhook gets a signed test alert; its secret is never shown back', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/alerts`);
  const form = page.getByRole('form', { name: 'Webhook' });
  await form
    .getByLabel('Address (empty removes the webhook)')
    .fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
  await form.getByLabel('Signing secret').fill(SECRET);
  await form.getByRole('button', { name: 'Save webhook' }).click();
  await expect(page.getByText('Webhook saved; a secret is stored.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('webhook-secret-state')).toContainText('A secret is stored');
  expect(await page.content()).not.toContain(SECRET);

  await page.getByRole('button', { name: 'Send a test alert' }).click();
  await expect(page.getByText('Test alert raised')).toBeVisible();
  await expect.poll(() => posts.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const post = posts.find((p) => p.body.includes('Test alert from'))!;
  expect(post).toBeDefined();
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(post.signature);
  expect(m).not.toBeNull();
  expect(crypto.createHmac('sha256', SECRET).update(`${m![1]}.${post.body}`).digest('hex')).toBe(m![2]);
  const json = JSON.parse(post.body) as {
    text: string;
    content: string;
    alert: { title: string; site: { name: string } };
  };
  expect(json.text).toContain(`Test alert from ${OWNER.name}`);
  expect(json.content).toBe(json.text);
  expect(json.alert.site.name).toMatch(/^Demo community/);
  await page.reload();
  await expect(
    page
      .getByTestId('recent-alerts')
      .locator('li[data-status="sent"]')
      .filter({ hasText: 'webhook' })
      .first(),
  ).toBeVisible();
});

test('the mail server takes a test e-mail; a member chooses e-mail on the account page', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto('/alerts');
  const form = page.getByRole('form', { name: 'Mail server' });
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String((smtp.server.address() as AddressInfo).port));
  await form.getByLabel('User name (optional)').fill('desk');
  await form.getByLabel('Password', { exact: true }).fill(MAIL_PASSWORD);
  await form.getByLabel('Alerts come from (address)').fill('alerts@e2e.test');
  await form.getByRole('button', { name: 'Save mail server' }).click();
  await expect(page.getByText('Saved; a password is stored.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('mail-password-state')).toContainText('A password is stored');
  expect(await page.content()).not.toContain(MAIL_PASSWORD);
  await page.getByRole('button', { name: 'Send a test e-mail' }).click();
  await expect(page.getByTestId('test-email-result')).toHaveText(`Sent to ${OWNER.email}.`);
  expect(
    mails.some((m) => m.to.includes(OWNER.email) && m.raw.includes('Subject: [BM Desk] Test e-mail')),
  ).toBe(true);

  await page.goto('/account');
  const channels = page.getByRole('form', { name: 'Alert channels' });
  await channels.getByLabel('By e-mail').check();
  await channels.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('alert-channels-saved')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByRole('form', { name: 'Alert channels' }).getByLabel('By e-mail')).toBeChecked();

  // A test alert now reaches the owner by e-mail too.
  await page.goto(`${SITE}/alerts`);
  await page.getByRole('button', { name: 'Send a test alert' }).click();
  await expect(page.getByText('Test alert raised')).toBeVisible();
  await expect
    .poll(() => mails.filter((m) => m.to.includes(OWNER.email) && m.raw.includes('Test alert from')).length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  expect(serverLog()).not.toContain(MAIL_PASSWORD);
  expect(serverLog()).not.toContain(SECRET);
});

test('put back: thresholds, webhook, mail server, channels', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto('/account');
  const channels = page.getByRole('form', { name: 'Alert channels' });
  await channels.getByLabel('By e-mail').uncheck();
  await channels.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('alert-channels-saved')).toHaveText('Saved.');
  await page.goto(`${SITE}/alerts`);
  const t = page.getByRole('form', { name: 'Thresholds' });
  await t.getByLabel('Reports in an hour above the usual rate times').fill('3');
  await t.getByLabel('… and at least this many reports').fill('10');
  await t.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(t.getByRole('status')).toContainText('Saved.');
  const w = page.getByRole('form', { name: 'Webhook' });
  await w.getByLabel('Address (empty removes the webhook)').fill('');
  await w.getByRole('button', { name: 'Save webhook' }).click();
  await expect(page.getByText('Webhook removed.')).toBeVisible();
  await page.goto('/alerts');
  await page.getByRole('button', { name: 'Remove the mail server' }).click();
  await expect(page.getByRole('button', { name: 'Send a test e-mail' })).toHaveCount(0);
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Response } from '@playwright/test';
import { demoSite, OWNER, serverLog, signIn } from './helpers';

test('an owner connects the demo site; its password never comes back to the browser or the logs', async ({
  page,
}) => {
  // It walks every page and fetches every script: more than the default minute on a busy machine.
  test.setTimeout(150_000);
  const site = demoSite();
  const password = site.BM_SITE_APP_PASSWORD!;
  // Every form the password could take on its way out.
  const forms = [
    password,
    password.replace(/ /g, ''),
    Buffer.from(`${site.BM_SITE_USER}:${password}`).toString('base64'),
    Buffer.from(`${site.BM_SITE_USER}:${password.replace(/ /g, '')}`).toString('base64'),
    encodeURIComponent(password),
  ];
  const seen: string[] = [];
  const bodies: Promise<void>[] = [];
  page.on('response', (res: Response) => {
    bodies.push(
      res
        .body()
        .then((b) => {
          seen.push(`${res.url()}\n${JSON.stringify(res.headers())}\n${b.toString('utf8')}`);
        })
        .catch(() => undefined),
    );
  });

  await signIn(page, OWNER);
  await page.goto('/sites/new');
  await page.getByLabel('Name', { exact: true }).fill('Demo community');
  await page.getByLabel('Site address').fill(site.BM_SITE_URL!);
  await page.getByLabel('WordPress username').fill(site.BM_SITE_USER!);

  await page.getByLabel('Application password').fill('wrong pass word wron gpas swor');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('form-error')).toContainText('application password');

  await page.getByLabel('Application password').fill(password);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status')).toContainText(`Connected as`);
  await expect(page.locator('[data-module="reports"]')).toHaveAttribute('data-on', 'true');

  await page.getByRole('button', { name: 'Connect site' }).click();
  await expect(page.getByRole('heading', { name: 'Demo community' })).toBeVisible();
  await expect(page.getByTestId('site-status')).toContainText('Connected as');

  // Editing never shows the stored password; an empty field keeps it.
  await page.goto('/sites');
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Application password')).toHaveValue('');
  // Another address typed over the stored one, password left empty: the stored password stays home.
  const reached: string[] = [];
  const catcher = http.createServer((req, res) => {
    reached.push(`${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => catcher.listen(0, '127.0.0.1', r));
  const elsewhere = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`;
  await page.getByLabel('Site address').fill(elsewhere);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('form-error')).toContainText(/enter the application password again/i);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByLabel('Application password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Application password')).toHaveAccessibleDescription(
    /enter the application password again/i,
  );
  catcher.close();
  expect(reached).toEqual([]);
  await page.getByLabel('Site address').fill(site.BM_SITE_URL!);
  await page.getByLabel('Name', { exact: true }).fill('Demo community (edited)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Demo community (edited)' })).toBeVisible();

  await page.goto('/sites');
  await page.getByRole('button', { name: 'Re-check' }).click();
  await expect(page.getByRole('status')).toHaveText('Connection works.');

  // Walk the rest of the app so every page, RSC payload and script is fetched.
  await page.goto('/');
  await page.waitForURL(/\/demo-community$/);
  for (const path of ['/demo-community', '/demo-community/audit', '/audit', '/team', '/sites/new']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  await page.goto('/sites');
  await page.getByRole('link', { name: 'Demo community (edited)' }).click();
  await expect(page.getByRole('heading', { name: 'Demo community (edited)' })).toBeVisible();
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
  for (const src of scripts) seen.push(await (await page.request.get(src)).text());
  await Promise.all(bodies);

  expect(seen.length).toBeGreaterThan(20);
  const everything = seen.join('\n');
  for (const form of forms)
    expect(everything.includes(form), `a response contains ${form.slice(0, 4)}…`).toBe(false);
  const log = serverLog();
  for (const form of forms) expect(log.includes(form), 'the server log contains the password').toBe(false);

  // The audit log has the actions, without the password.
  await page.goto('/audit');
  await expect(page.getByTestId('audit-table')).toContainText('connectSite');
  await expect(page.getByTestId('audit-table')).toContainText('updateSite');
});

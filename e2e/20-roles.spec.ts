import { expect, test } from '@playwright/test';
import { actionId, demoSite, OWNER, signIn, SUPPORT } from './helpers';

test('a support member cannot open the sites page nor call the site actions directly', async ({
  page,
  browser,
}) => {
  await signIn(page, OWNER);
  await page.goto('/team');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add member' }) });
  await form.getByLabel('Name', { exact: true }).fill(SUPPORT.name);
  await form.getByLabel('Email').fill(SUPPORT.email);
  await form.getByLabel('Role').selectOption('support');
  await form.getByLabel('Initial password').fill(SUPPORT.password);
  await form.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('status')).toHaveText(`Added ${SUPPORT.email}.`);
  await expect(page.getByTestId('members-table')).toContainText(SUPPORT.email);

  const context = await browser.newContext();
  const support = await context.newPage();
  await signIn(support, SUPPORT);
  await expect(support.getByTestId('current-member')).toContainText('Support');
  await expect(support.getByRole('link', { name: 'Sites' })).toHaveCount(0);
  // Refused pages answer 403 (not 200 with a message), inside the desk, and are put on record.
  for (const path of ['/sites', '/sites/new', '/team', '/demo-community/inbox/settings']) {
    const res = await support.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(support.getByTestId('forbidden')).toBeVisible();
    await expect(support.getByTestId('current-member')).toContainText('Support');
  }

  // Straight to the endpoint, as a script with the support member's cookie would.
  const site = demoSite();
  const call = async (name: string, args: unknown[]) => {
    const res = await support.request.post('/sites', {
      headers: {
        'Next-Action': actionId(name, 'sites/actions'),
        'Content-Type': 'text/plain;charset=UTF-8',
        Accept: 'text/x-component',
      },
      data: JSON.stringify(args),
    });
    return res.text();
  };
  const connect = await call('connectSite', [
    {
      name: 'Sneaky',
      url: site.BM_SITE_URL,
      username: site.BM_SITE_USER,
      appPassword: site.BM_SITE_APP_PASSWORD,
    },
  ]);
  expect(connect).toContain('"code":"forbidden"');
  expect(await call('deleteSite', [{ siteId: 1 }])).toContain('"code":"forbidden"');
  expect(
    await call('testSiteConnection', [{ url: site.BM_SITE_URL, username: 'x', appPassword: 'y' }]),
  ).toContain('"code":"forbidden"');

  // Nothing changed: the owner still sees exactly the sites that were there.
  await page.goto('/sites');
  await expect(page.getByText('Sneaky')).toHaveCount(0);
  await page.goto('/audit');
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('denied');
  // A refused call names what it aimed at; a refused page names the page.
  await expect(table.getByRole('row').filter({ hasText: 'connectSite' }).first()).toContainText('Sneaky');
  const refusedPages = table.getByRole('row').filter({ hasText: 'openPage' });
  await expect(refusedPages.filter({ hasText: 'page: the team page' })).toHaveCount(1);
  await expect(refusedPages.filter({ hasText: 'page: the inbox settings' })).toHaveCount(1);
  await context.close();
});

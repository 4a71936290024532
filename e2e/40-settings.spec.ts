import { expect, test, type Page } from '@playwright/test';
import { actionId, OWNER, signIn, siteApi } from './helpers';

const SITE = '/demo-community';
const MODERATOR = { name: 'Mo Moderator', email: 'moderator@e2e.test', password: 'moderator-password-e2e-1' };
// Keys outside the form: a save must leave them exactly as they were.
const OUTSIDE = [
  'rateLimitReplyMessage',
  'restrictRoleBlock',
  'aiModerationCategories',
  'mechanism',
  'thread_interval',
];
const CHANGED = ['rateLimitReply', 'badWordsList', 'messagesModerationNotificationEmails'];

test.describe.configure({ mode: 'serial' });

type Settings = Record<string, unknown>;
const siteSettings = async () =>
  ((await siteApi('/admin/settings/get')).json as { settings: Settings }).settings;
let before: Settings;

test.beforeAll(async () => {
  before = await siteSettings();
});

test.afterAll(async () => {
  await siteApi('/admin/settings/save', {
    method: 'POST',
    body: Object.fromEntries(CHANGED.map((k) => [k, before[k]])),
  });
  const restored = await siteSettings();
  for (const key of CHANGED) expect(restored[key], key).toEqual(before[key]);
});

async function callSave(page: Page, args: unknown[]) {
  const res = await page.request.post(`${SITE}/settings`, {
    headers: {
      'Next-Action': actionId('saveSiteSettings', 'settings/actions'),
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
    },
    data: JSON.stringify(args),
  });
  return res.text();
}

test('changes the reply rate limit and the bad words after a diff; the site stores them, nothing else', async ({
  page,
}) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/settings`);
  await page.getByLabel('Subscriber replies', { exact: true }).fill('7');
  await page.getByLabel('Subscriber per', { exact: true }).selectOption('day');
  await page.getByLabel('Bad words', { exact: true }).fill('e2ebadword\ne2eworse');
  await page.getByRole('button', { name: 'Review changes' }).click();

  const dialog = page.getByRole('dialog', { name: 'Review changes' });
  const diff = dialog.getByTestId('settings-diff');
  await expect(diff.locator('tr[data-key]')).toHaveCount(2);
  await expect(diff.locator('[data-key="rateLimitReply"]')).toContainText('Subscriber: 7 per day');
  await expect(diff.locator('[data-key="badWordsList"]')).toContainText('e2ebadword, e2eworse');
  // Nothing is sent before the member confirms.
  expect((await siteSettings()).badWordsList).toEqual(before.badWordsList);

  await dialog.getByRole('button', { name: 'Save to the site' }).click();
  const stored = page.getByTestId('settings-stored');
  await expect(stored.locator('[data-key="rateLimitReply"]')).toContainText('Subscriber: 7 per day');

  const after = await siteSettings();
  expect(after.rateLimitReply).toEqual({ subscriber: { value: 7, type: 'day' } });
  expect(after.badWordsList).toBe('e2ebadword\ne2eworse');
  for (const key of OUTSIDE) expect(after[key], key).toEqual(before[key]);
  for (const key of ['messagesViewer', 'allowReports', 'rateLimitNewThread', 'attachmentsFormats']) {
    expect(after[key], key).toEqual(before[key]);
  }
  // The form now starts from what the site holds.
  await expect(page.getByLabel('Subscriber replies', { exact: true })).toHaveValue('7');
});

test('a bad e-mail is refused beside its field, in the form and by the server', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/settings`);
  await page.getByLabel('Notify these e-mail addresses').fill('mods@example.com\nnot-an-email');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.locator('#setting-messagesModerationNotificationEmails-error')).toContainText(
    'not-an-email',
  );
  await expect(page.getByRole('dialog', { name: 'Review changes' })).toHaveCount(0);

  // A script skipping the form meets the same rule on the server.
  const answer = await callSave(page, [
    {
      siteId: 1,
      changes: {
        messagesModerationNotificationEmails: { from: before.messagesModerationNotificationEmails, to: 'x@' },
      },
    },
  ]);
  expect(answer).toContain('invalid-settings');
  expect((await siteSettings()).messagesModerationNotificationEmails).toEqual(
    before.messagesModerationNotificationEmails,
  );
});

test('a moderator sees the settings but cannot save them, not even by calling the action', async ({
  page,
  browser,
}) => {
  await signIn(page, OWNER);
  await page.goto('/team');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add member' }) });
  await form.getByLabel('Name', { exact: true }).fill(MODERATOR.name);
  await form.getByLabel('Email').fill(MODERATOR.email);
  await form.getByLabel('Role').selectOption('moderator');
  await form.getByLabel('Initial password').fill(MODERATOR.password);
  await form.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByTestId('members-table')).toContainText(MODERATOR.email);

  const context = await browser.newContext();
  const mod = await context.newPage();
  await signIn(mod, MODERATOR);
  await mod.goto(`${SITE}/settings`);
  await expect(mod.getByText('Only owners and admins can change plugin settings.')).toBeVisible();
  await expect(mod.getByRole('button', { name: 'Review changes' })).toHaveCount(0);
  const answer = await callSave(mod, [
    { siteId: 1, changes: { badWordsList: { from: 'e2ebadword\ne2eworse', to: 'moderator-was-here' } } },
  ]);
  expect(answer).toContain('"code":"forbidden"');
  expect((await siteSettings()).badWordsList).toBe('e2ebadword\ne2eworse');
  await context.close();
});

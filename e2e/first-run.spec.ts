import { expect, test } from '@playwright/test';
import { OWNER } from './helpers';

test('first run: setup creates the owner, then sign out, a wrong password, and sign in', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  const res = await page.request.get('/setup');
  expect(res.headers()['content-security-policy']).toMatch(
    /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
  );
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();

  await page.getByLabel('Your name').fill(OWNER.name);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the password').fill('short');
  // The browser's own minlength check is bypassed so the server's message is what we see.
  await page.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
  await page.getByRole('button', { name: 'Create owner and sign in' }).click();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Repeat the password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create owner and sign in' }).click();
  await expect(page.getByTestId('current-member')).toContainText(`${OWNER.name} · Owner`);
  await expect(page.getByRole('heading', { name: 'No site connected yet' })).toBeVisible();

  // Setup is gone once a member exists.
  await page.goto('/setup');
  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByRole('heading', { name: 'No site connected yet' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto('/sites');
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');

  // An unknown account gets the very same words: no hint that the email is not a member.
  await page.getByLabel('Email').fill('nobody@e2e.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');

  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-member')).toContainText(OWNER.name);
  // Next's own scripts carry the nonce: the policy blocked nothing of ours.
  expect(violations).toEqual([]);
});

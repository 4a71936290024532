import { expect, test } from '@playwright/test';
import { OWNER, signIn } from './helpers';

const INVITEE = { name: 'Ivy Invited', email: 'invitee@e2e.test', password: 'invitee-password-e2e-1' };

test.describe.configure({ mode: 'serial' });

test('invite a member, who joins with the role; disabling them ends their open session', async ({
  page,
  browser,
}) => {
  await signIn(page, OWNER);
  await page.goto('/team');
  await page.locator('#invite-email').fill(INVITEE.email);
  await page.locator('#invite-role').selectOption('moderator');
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByTestId('invitations-table')).toContainText(INVITEE.email);

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await invitee.getByLabel('Your name').fill(INVITEE.name);
  await invitee.getByLabel('Password', { exact: true }).fill(INVITEE.password);
  await invitee.getByLabel('Repeat the password').fill(INVITEE.password);
  await invitee.getByRole('button', { name: 'Join and sign in' }).click();
  await expect(invitee.getByTestId('current-member')).toContainText(`${INVITEE.name} · Moderator`);

  // One use: the link is spent.
  const stranger = await browser.newContext();
  const again = await stranger.newPage();
  await again.goto(link);
  await expect(again.getByTestId('invitation-invalid')).toContainText('already been used');
  await stranger.close();

  // The owner changes the role, then disables the member: their open session stops at the next request.
  await page.reload();
  const row = page.locator(`[data-member="${INVITEE.email}"]`);
  await row.getByLabel(`Role of ${INVITEE.email}`).selectOption('support');
  // The row's select already says Support; the member's next page shows it once the change is saved.
  await expect(async () => {
    await invitee.reload();
    await expect(invitee.getByTestId('current-member')).toContainText('Support', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('(disabled)');
  await invitee.goto('/audit');
  await expect(invitee).toHaveURL(/\/signin/);

  // The only owner cannot be demoted.
  const me = page.locator(`[data-member="${OWNER.email}"]`);
  await me.getByLabel(`Role of ${OWNER.email}`).selectOption('admin');
  await expect(me.getByRole('alert')).toContainText('last active owner');
  await page.reload();
  await expect(me).toContainText('Owner');
  await context.close();
});

test('audit rows for every action type; the CSV export matches the filtered table', async ({
  page,
  browser,
}) => {
  await signIn(page, OWNER);
  await page.goto('/audit');
  // Every action type that happened so far is offered as a filter (auto-waits for the page to render).
  const actionSelect = page.getByRole('combobox', { name: 'Action', exact: true });
  for (const name of [
    'setupOwner',
    'connectSite',
    'addMember',
    'banUserInThread',
    'saveSiteSettings',
    'inviteMember',
    'acceptInvitation',
    'setMemberRole',
    'setMemberDisabled',
  ]) {
    await expect(actionSelect.locator(`option[value="${name}"]`), name).toHaveCount(1);
  }

  await page.getByRole('combobox', { name: 'Action', exact: true }).selectOption('setMemberRole');
  await expect(page).toHaveURL(/action=setMemberRole/);
  await page.getByRole('combobox', { name: 'Outcome', exact: true }).selectOption('refused');
  await expect(page).toHaveURL(/outcome=refused/);
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('last-owner');

  await page.getByRole('combobox', { name: 'Outcome', exact: true }).selectOption('');
  await expect(page).not.toHaveURL(/outcome=/);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  const shown = await table
    .locator('tbody tr td:first-child')
    .evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
  expect(shown.length).toBe(2);

  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  expect(href).toContain('action=setMemberRole');
  const res = await page.request.get(href!);
  expect(res.headers()['content-type']).toContain('text/csv');
  const lines = (await res.text()).trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^id,when \(UTC\)/);
  const rows = lines.slice(1);
  expect(rows).toHaveLength(shown.length);
  expect(rows.map((l) => l.split(',')[1]!.replace('T', ' ').slice(0, 19))).toEqual(shown);
  for (const l of rows) expect(l).toContain(',setMemberRole,');

  // The export checks the session itself.
  const anonymous = await browser.newContext();
  const denied = await anonymous.request.get(href!, { maxRedirects: 0 });
  expect(denied.status()).not.toBe(200);
  await anonymous.close();
});

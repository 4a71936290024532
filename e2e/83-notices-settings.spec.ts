import { expect, test } from '@playwright/test';
import { OWNER, signIn, siteApi } from './helpers';

const SITE = '/demo-community';
const MODERATOR = { name: 'Nia Notices', email: 'notices-mod@e2e.test', password: 'notices-mod-password-1' };
const MOD_ACCOUNT = 18;

test.describe.configure({ mode: 'serial' });

/** A seeded member with a plain name whom no other spec touches. */
async function pickPerson(): Promise<{ id: number; name: string }> {
  for (let id = 27; id <= 45; id++) {
    const r = await siteApi(`/admin/getUser?userId=${id}`);
    const u = r.json as { name: string; conversationsCount: number };
    if (r.status === 200 && /^[A-Za-z]+ [A-Za-z]+$/.test(u.name) && u.conversationsCount >= 1) {
      return { id, name: u.name };
    }
  }
  throw new Error('no seeded member fits');
}

test('an admin edits a reason and picks a moderation account without a password: notices are off, and why', async ({
  page,
}) => {
  await signIn(page, OWNER);
  // A support account with no application password of its own.
  await page.goto(`${SITE}/inbox/settings`);
  const account = page.getByRole('form', { name: 'Support account' });
  await account.getByLabel('WordPress user id').fill(String(MOD_ACCOUNT));
  await account.getByLabel('Name shown to the team').fill('Mod Desk');
  await account.getByLabel('WordPress username').fill('moddesk');
  await account.getByRole('button', { name: 'Save support account' }).click();
  await expect(page.getByTestId('support-accounts')).toContainText('Mod Desk');

  await page
    .getByRole('navigation', { name: 'Site' })
    .getByRole('link', { name: 'Reasons and notices' })
    .click();
  await expect(page.getByRole('heading', { name: 'Reasons and notices' })).toBeVisible();
  await expect(page.getByTestId('notice-sender')).toContainText(
    'Notices are off: No moderation account is chosen',
  );

  // Edit a reason; a code another reason has is refused in words.
  const row = page
    .getByTestId('reason-row')
    .filter({ has: page.locator('code', { hasText: /^harassment$/ }) });
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = row.getByRole('form', { name: 'Edit reason harassment' });
  await edit.getByLabel('Code').fill('SPAM');
  await edit.getByRole('button', { name: 'Save reason' }).click();
  await expect(edit.getByText('Another reason already uses this code.')).toBeVisible();
  await edit.getByLabel('Code').fill('harassment');
  await edit.getByLabel('Title').fill('Harassment or bullying');
  await edit.getByRole('button', { name: 'Save reason' }).click();
  await expect(row).toContainText('Harassment or bullying');

  // Bad numbers are answered beside their field; nothing is saved.
  const form = page.getByRole('form', { name: 'Notice settings' });
  await form.getByLabel('Appeal window (days)').fill('99999999999');
  await form.getByRole('button', { name: 'Save notice settings' }).click();
  await expect(form.getByText('Between 1 and 365 days.')).toBeVisible();

  await form.getByLabel('Appeal window (days)').fill('30');
  await form.getByLabel('Moderation account').selectOption({ label: 'Mod Desk (no application password)' });
  await form.getByRole('button', { name: 'Save notice settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Notice settings saved.');
  await expect(page.getByTestId('notice-sender')).toContainText(
    'Notices are off: The moderation account Mod Desk has no application password stored',
  );
  await page.reload();
  await expect(form.getByLabel('Appeal window (days)')).toHaveValue('30');
});

test('a moderator reads the reasons and notice settings but cannot change them', async ({
  page,
  browser,
}) => {
  await signIn(page, OWNER);
  await page.goto('/team');
  const add = page.locator('form', { has: page.getByRole('button', { name: 'Add member' }) });
  await add.getByLabel('Name', { exact: true }).fill(MODERATOR.name);
  await add.getByLabel('Email').fill(MODERATOR.email);
  await add.getByLabel('Role').selectOption('moderator');
  await add.getByLabel('Initial password').fill(MODERATOR.password);
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('status')).toHaveText(`Added ${MODERATOR.email}.`);

  const mod = await (await browser.newContext()).newPage();
  await signIn(mod, MODERATOR);
  await mod.goto(`${SITE}/notices`);
  await expect(mod.getByTestId('reasons')).toContainText('Harassment or bullying');
  await expect(mod.getByTestId('read-only-note')).toBeVisible();
  await expect(mod.getByLabel('Moderation account')).toBeDisabled();
  await expect(mod.getByRole('button', { name: 'Save notice settings' })).toHaveCount(0);
  await expect(mod.getByRole('button', { name: 'Edit' })).toHaveCount(0);
});

test('a warning from the person page is a strike, and the ladder moves on', async ({ page }) => {
  const person = await pickPerson();
  await signIn(page, OWNER);
  await page.goto(`${SITE}/users/${person.id}`);
  const section = page.getByTestId('strikes-section');
  await expect(section.getByTestId('strikes-empty')).toBeVisible();
  await expect(section.getByTestId('ladder-suggestion')).toHaveText(
    'Suggested next step: Warning (0 active strikes)',
  );

  const warn = section.getByTestId('warn-form');
  await warn.getByLabel('Reason').selectOption({ label: 'Harassment or bullying' });
  await warn.getByLabel('In your own words (optional)').fill('e2e: insults in the garden thread');
  await warn.getByRole('button', { name: `Warn ${person.name}` }).click();
  await expect(warn.getByTestId('warn-message')).toContainText(
    `Warning recorded for ${person.name}; the notice was not sent: The moderation account Mod Desk has no application password stored`,
  );
  const strike = section.getByTestId('strikes-table').locator('tbody tr');
  await expect(strike).toHaveCount(1);
  await expect(strike).toContainText('Warning');
  await expect(strike).toContainText('Harassment or bullying');
  await expect(strike).toContainText('e2e: insults in the garden thread');
  await expect(strike).toContainText(OWNER.name);
  await expect(strike).toContainText('Not sent, notices are off: The moderation account Mod Desk');
  await expect(strike).toContainText('Active until');
  await expect(section.getByTestId('ladder-suggestion')).toHaveText(
    'Suggested next step: Mute 1 day (1 active strike)',
  );
});

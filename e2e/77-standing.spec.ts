import { expect, test } from '@playwright/test';
import { OWNER, signIn, siteApi } from './helpers';

const SITE = '/demo-community';

test.describe.configure({ mode: 'serial' });

type SiteUser = { id: number; name: string; conversationsCount: number };

/** A seeded member with a plain name, in a few threads, whom no other spec touches. */
async function pickPerson(): Promise<{ id: number; name: string }> {
  for (let id = 19; id >= 5; id--) {
    const r = await siteApi(`/admin/getUser?userId=${id}`);
    const u = r.json as SiteUser;
    if (r.status === 200 && /^[A-Za-z]+ [A-Za-z]+$/.test(u.name) && u.conversationsCount >= 1) {
      return { id, name: u.name };
    }
  }
  throw new Error('no seeded member fits');
}

let person: { id: number; name: string };

test('a person is site-banned from their page, listed on the standing decisions page, and lifted', async ({
  page,
}) => {
  person = await pickPerson();
  await signIn(page, OWNER);
  await page.goto(`${SITE}/users/${person.id}`);
  const section = page.getByTestId('standing-section');
  await expect(section).toBeVisible();
  await expect(section.getByText('No standing decision.')).toBeVisible();

  const form = section.getByTestId('standing-form');
  await form.getByLabel('Decision').selectOption('ban');
  await form.getByLabel('Ends after').selectOption({ label: '7 days' });
  await form.getByLabel('In your own words (optional)').fill('e2e: spam in every thread');
  await form.getByRole('button', { name: 'Site ban' }).click();
  await expect(section.getByTestId('action-message')).toHaveText(`Site ban of ${person.name} taken.`);
  const row = section.getByTestId('standing-table').locator('tbody tr').first();
  await expect(row).toContainText('Site ban');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('e2e: spam in every thread');

  // Listed on the site's standing decisions page, with the person.
  await page.goto(`${SITE}/standing`);
  await expect(page.getByRole('heading', { name: 'Standing decisions' })).toBeVisible();
  const listed = page.getByTestId('standing-table').locator('tbody tr').filter({ hasText: person.name });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText('Active');

  // Lifted now: it leaves the active list and shows among the ended ones.
  await listed.getByRole('button', { name: 'Lift now' }).click();
  await listed.getByRole('button', { name: 'Lift it' }).click();
  await expect(
    page.getByTestId('standing-table').locator('tbody tr').filter({ hasText: person.name }),
  ).toHaveCount(0);
  await page.goto(`${SITE}/standing?state=ended`);
  const ended = page.getByTestId('standing-table').locator('tbody tr').filter({ hasText: person.name });
  await expect(ended).toHaveCount(1);
  await expect(ended).toContainText('Ended');
  await expect(ended).toContainText('lifted by hand');
});

test('the connected account is protected: its page says so and offers no standing decision', async ({
  page,
}) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/users/1`);
  const section = page.getByTestId('standing-section');
  await expect(section.getByTestId('protected-note')).toContainText('Protected: the connected account');
  await expect(section.getByTestId('standing-form')).toHaveCount(0);
});

import { expect, test, type Page } from '@playwright/test';
import { actionId, OWNER, signIn, siteApi, siteThread, SUPPORT } from './helpers';

const SITE = '/demo-community';

test.describe.configure({ mode: 'serial' });

type SiteUser = { id: number; name: string; conversationsCount: number };

/**
 * A seeded member with a plain name, in several threads, whom no other spec touches. The demo
 * seed gives members `first+last+id@example.test`; the site confirms the address before we use it.
 */
async function pickPerson(): Promise<{ id: number; name: string; email: string }> {
  for (let id = 20; id < 50; id++) {
    const r = await siteApi(`/admin/getUser?userId=${id}`);
    const u = r.json as SiteUser;
    if (r.status !== 200 || !/^[A-Za-z]+ [A-Za-z]+$/.test(u.name) || u.conversationsCount < 3) continue;
    const email = `${u.name.replace(' ', '').toLowerCase()}${id}@example.test`;
    const found = (await siteApi(`/admin/searchUsers?search=${encodeURIComponent(email)}`)).json as {
      user_id: number;
    }[];
    if (found.length === 1 && found[0]!.user_id === id) return { id, name: u.name, email };
  }
  throw new Error('no seeded member fits');
}

async function waitForIndex(page: Page) {
  await page.goto(`${SITE}/threads`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
}

async function search(page: Page, text: string) {
  await page.getByLabel('Name, email or id').fill(text);
  await expect(page).toHaveURL(/[?&]q=/);
}

let person: { id: number; name: string; email: string };
let threadIds: number[] = [];

test('finds a person by name and by email, and shows their threads', async ({ page }) => {
  person = await pickPerson();
  await signIn(page, OWNER);
  await waitForIndex(page);
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();

  await search(page, person.name);
  await expect(page.getByTestId('user-link').filter({ hasText: person.name })).toBeVisible();

  await page.getByRole('button', { name: 'Reset' }).click();
  // The index has no email: only the site's own search can match it.
  await search(page, person.email);
  // Only the address's owner matches: wait for the table to be the search's answer (the reset
  // list may still be on screen with them in it) before following the link.
  await expect(page.getByTestId('user-link')).toHaveCount(1);
  const link = page.getByTestId('user-link').filter({ hasText: person.name });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${SITE}/users/${person.id}`));
  await expect(page.getByTestId('user-name')).toHaveText(person.name);

  // Every thread shown has them in it, as the site says.
  await page.goto(`${SITE}/users/${person.id}?perPage=100`);
  const section = page.getByTestId('user-threads');
  await expect(section.getByTestId('thread-link').first()).toBeVisible();
  const hrefs = await section
    .getByTestId('thread-link')
    .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  threadIds = [];
  for (const id of hrefs.map((h) => Number(h.split('/').pop()))) {
    const site = await siteThread(id);
    if (site.error === 'rest_thread_not_exists') continue; // erased by another spec
    expect(site.thread?.participants).toContain(person.id);
    threadIds.push(id);
  }
  expect(threadIds.length).toBeGreaterThanOrEqual(3);
});

test('bans them from every thread, then lifts every ban', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/users/${person.id}`);
  const actions = page.getByTestId('user-actions');
  await actions.getByRole('button', { name: 'Ban from all their threads' }).click();
  const ban = page.getByRole('dialog', { name: 'Ban everywhere' });
  await ban.getByLabel('Duration').selectOption({ label: '1 hour' });
  await ban.getByLabel('Reason', { exact: true }).selectOption({ label: 'Spam' });
  await ban.getByLabel('In your own words (optional)').fill('e2e: ban everywhere');
  await ban.getByRole('button', { name: `Ban in ${threadIds.length} threads` }).click();
  await expect(ban.getByTestId('job-counts')).toContainText(
    `${threadIds.length} of ${threadIds.length} done`,
    {
      timeout: 30_000,
    },
  );
  // The site agrees in every thread: they are out, and cannot open it.
  for (const id of threadIds) {
    expect((await siteThread(id)).thread?.participants).not.toContain(person.id);
  }
  await ban.getByRole('button', { name: 'Close' }).click();

  await page.reload();
  const restrictions = page.getByTestId('restrictions');
  await expect(restrictions.locator('li')).toHaveCount(threadIds.length);
  await expect(restrictions).toContainText('Banned');
  await expect(restrictions).toContainText('e2e: ban everywhere');

  await actions.getByRole('button', { name: 'Unban everywhere' }).click();
  const unban = page.getByRole('dialog', { name: 'Unban everywhere' });
  await unban.getByRole('button', { name: `Unban in ${threadIds.length} threads` }).click();
  await expect(unban.getByTestId('job-counts')).toContainText(
    `${threadIds.length} of ${threadIds.length} done`,
    {
      timeout: 30_000,
    },
  );
  // Nothing left to lift on the site: unbanning again answers false everywhere.
  for (const id of threadIds) {
    const again = await siteApi(`/thread/${id}/unbanUser`, { method: 'POST', body: { user_id: person.id } });
    expect(again.json, `thread ${id}`).toBe(false);
  }
  await page.reload();
  await expect(page.getByTestId('restrictions-section')).toContainText('No ban or mute in force.');
  await expect(page.getByTestId('user-audit')).toContainText('unbanUserInThread');
});

test('a support member sees people but no destructive control, and direct calls are refused', async ({
  page,
}) => {
  await signIn(page, SUPPORT);
  await page.goto(`${SITE}/users`);
  await expect(page.getByTestId('user-link').first()).toBeVisible();
  await page.goto(`${SITE}/users/${person.id}`);
  await expect(page.getByTestId('user-name')).toHaveText(person.name);
  await expect(page.getByTestId('user-actions')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Ban|Unban|Mute|Trust|Distrust|Delete|Remove/ })).toHaveCount(
    0,
  );

  const threadId = threadIds[0]!;
  const res = await page.request.post(`${SITE}/users/${person.id}`, {
    headers: {
      'Next-Action': actionId('banUserEverywhere', 'users/actions'),
      'Content-Type': 'text/plain;charset=UTF-8',
    },
    data: JSON.stringify([{ siteId: 1, bmUserId: person.id, threadIds: [threadId], duration: 60 }]),
  });
  expect(await res.text()).toContain('"code":"forbidden"');
  // No ban was made: the site has nothing to lift.
  const lift = await siteApi(`/thread/${threadId}/unbanUser`, {
    method: 'POST',
    body: { user_id: person.id },
  });
  expect(lift.json).toBe(false);
});

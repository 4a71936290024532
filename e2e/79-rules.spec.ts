import { expect, test, type Page } from '@playwright/test';
import { OWNER, signIn, siteApi } from './helpers';

/**
 * Rules (issue 19): an admin writes a word-list rule, tries it on the index's history and sees
 * exactly the messages that carry the word (a look-alike spelling included, a longer word not),
 * saves it and switches it to dry run; a moderator sees the rules read-only.
 */
const SITE = '/demo-community';
const stamp = Date.now().toString(36);
// Letters only: the matcher reads digits in a text as look-alike letters (3 as e, 0 as o).
const WORD = `zorbex${stamp.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
const ADMIN = {
  name: 'Ada Rules',
  email: `rules-admin-${stamp}@e2e.test`,
  password: 'rules-admin-password-1',
};
const MODERATOR = {
  name: 'Mo Rules',
  email: `rules-mod-${stamp}@e2e.test`,
  password: 'rules-mod-password-1',
};
const ALICE = 2;
const CAROL = 4;

test.describe.configure({ mode: 'serial' });

let expected: number[] = [];
let other = 0;

async function addMember(page: Page, who: typeof ADMIN, role: string) {
  await page.goto('/team');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add member' }) });
  await form.getByLabel('Name', { exact: true }).fill(who.name);
  await form.getByLabel('Email').fill(who.email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByLabel('Initial password').fill(who.password);
  await form.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('status')).toHaveText(`Added ${who.email}.`);
}

test.beforeAll(async () => {
  const thread = await siteApi('/thread/new', {
    method: 'POST',
    user: ALICE,
    body: { recipients: [CAROL], subject: `Rules ${stamp}`, message: `Have you heard of ${WORD}?` },
  });
  const threadId = (thread.json as { thread_id: number }).thread_id;
  const send = async (message: string) =>
    (
      (await siteApi(`/thread/${threadId}/send`, { method: 'POST', user: ALICE, body: { message } }))
        .json as {
        message_id: number;
      }
    ).message_id;
  const disguised = await send(`Try ${WORD.replace('o', '0')} today`);
  other = await send(`Nothing here but ${WORD}s`); // a longer word: not a whole-word match
  const plain = await send(`${WORD.toUpperCase()} again`);
  expected = [plain, disguised];
});

test('an admin writes a rule, tries it on history, saves it and switches it to dry run', async ({
  page: owner,
  browser,
}) => {
  test.setTimeout(120_000);
  await signIn(owner, OWNER);
  await addMember(owner, ADMIN, 'admin');
  await addMember(owner, MODERATOR, 'moderator');

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto(`${SITE}/rules`);
  await page.getByRole('link', { name: 'New rule' }).click();
  await expect(page.getByRole('heading', { name: 'New rule' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(`No ${WORD}`);
  await page.getByLabel('Condition to add').selectOption('words');
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Words or phrases, one per line').fill(WORD);
  await page.getByLabel('Last days (1–90)').fill('30');

  // The index takes the new messages at its next sync.
  const matches = page.getByTestId('history-match');
  await expect(async () => {
    await page.getByRole('button', { name: 'Try on history' }).click();
    await expect(page.getByTestId('history-summary')).toBeVisible({ timeout: 5000 });
    await expect(matches).toHaveCount(expected.length + 1, { timeout: 2000 });
  }).toPass({ timeout: 60_000, intervals: [3000] });
  const listed = await matches.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-message'))));
  // The thread's first message, the plain and the disguised spelling; never the longer word.
  expect(listed).toEqual(expect.arrayContaining(expected));
  expect(listed).not.toContain(other);
  await expect(page.getByTestId('history-summary')).toContainText('3 of');
  await expect(matches.first()).toContainText(WORD.toUpperCase());

  await page.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('heading', { name: `No ${WORD}` })).toBeVisible();
  await expect(page.getByTestId('rule-mode')).toHaveText('Off');

  await page.goto(`${SITE}/rules`);
  const row = page.getByTestId('rule-row').filter({ hasText: `No ${WORD}` });
  await row.getByLabel(`Mode of No ${WORD}`).selectOption('dry-run');
  await expect(row.getByTestId('action-message')).toHaveText('Switched to dry run.');
  await page.reload();
  await expect(
    page
      .getByTestId('rule-row')
      .filter({ hasText: `No ${WORD}` })
      .getByLabel(`Mode of No ${WORD}`),
  ).toHaveValue('dry-run');
  await context.close();
});

test('a moderator sees the rules read-only', async ({ page }) => {
  await signIn(page, MODERATOR);
  await page.goto(`${SITE}/rules`);
  const row = page.getByTestId('rule-row').filter({ hasText: `No ${WORD}` });
  await expect(row.getByTestId('rule-mode')).toHaveText('Dry run');
  await expect(row.getByRole('combobox')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New rule' })).toHaveCount(0);

  await row.getByRole('link', { name: `No ${WORD}` }).click();
  await expect(page.getByTestId('rule-read-only')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save rule' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete rule' })).toHaveCount(0);
  // Trying it on history only reads: open to every role.
  await page.getByRole('button', { name: 'Try on history' }).click();
  await expect(page.getByTestId('history-match')).toHaveCount(3);

  const res = await page.goto(`${SITE}/rules/new`);
  expect(res?.status()).toBe(403);
});

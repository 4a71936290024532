import { expect, test, type Locator, type Page } from '@playwright/test';
import { OWNER, signIn } from './helpers';

const SITE = '/demo-community';
// What the demo seed's lying names (demo-site/seed/lying-names.ts) must look like on every page.
const SUBJECT = 'Your invoice ⟨U+202E⟩fdp.exe⟨U+202C⟩';
const NAME = 'Eve ⟨U+202E⟩nimda etiS⟨U+202C⟩';
const FILE = 'invoice⟨U+202E⟩gnp.html';
const OVERRIDE_TITLE = 'Hidden direction-override character U+202E (right-to-left override)';
const LEFT_ACTIVE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

test.describe.configure({ mode: 'serial' });

let threadHref = '';
let userHref = '';

/** The text reads with its markers, nothing in it still acts on direction, and it is isolated. */
async function expectRevealed(el: Locator, text: string) {
  await expect(el).toContainText(text);
  expect(await el.textContent()).not.toMatch(LEFT_ACTIVE);
  const marker = el.locator('[data-hidden-char]').first();
  await expect(marker).toHaveAttribute('title', OVERRIDE_TITLE);
  await expect(marker).toHaveCSS('unicode-bidi', 'isolate');
  expect(await el.evaluate((e) => e.tagName === 'BDI' || e.querySelector('bdi') !== null)).toBe(true);
}

async function waitForIndex(page: Page, path: string) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
}

test('a seeded name, subject and file name show their direction overrides in the tables', async ({
  page,
}) => {
  await signIn(page, OWNER);
  await waitForIndex(page, `${SITE}/threads?q=invoice`);
  const link = page.getByTestId('thread-link').filter({ hasText: SUBJECT });
  await expect(link).toHaveCount(1);
  await expectRevealed(link, SUBJECT);
  threadHref = (await link.getAttribute('href'))!;
  const row = page.locator('tbody tr', { has: link });
  await expectRevealed(row.getByTestId('participants'), NAME);

  await page.goto(`${SITE}/users?q=Eve`);
  const user = page.getByTestId('user-link').filter({ hasText: NAME });
  await expectRevealed(user, NAME);
  userHref = (await user.getAttribute('href'))!;

  await page.goto(`${SITE}/attachments?q=invoice`);
  const file = page.getByTestId('file-name').filter({ hasText: FILE });
  await expect(file).toHaveCount(1);
  await expectRevealed(file, FILE);
  await expect(file).toHaveAttribute('title', FILE);
  const fileRow = page.locator('tbody tr', { has: file });
  await expectRevealed(fileRow.getByTestId('file-uploader'), NAME);
  await expectRevealed(fileRow.locator(`a[href="${threadHref}"]`), SUBJECT);

  // Saved to disk, the name still shows the override instead of reading as a PNG.
  const id = await fileRow.locator('figure[data-file-id]').getAttribute('data-file-id');
  const res = await page.request.get(`${SITE}/files/${id}?download=1`);
  expect(res.status()).toBe(200);
  const disposition = res.headers()['content-disposition']!;
  expect(disposition).toContain('filename="invoice_U+202E_gnp.html"');
  expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(FILE);

  // The message that carries the file, opened from its row: the preview names it the same way.
  await fileRow.getByRole('link', { name: /^Open message of/ }).click();
  await expect(page).toHaveURL(/message=\d+/);
  const messageId = new URL(page.url()).searchParams.get('message');
  const message = page.locator(`#message-${messageId}`);
  await expectRevealed(message.getByTestId('preview-file-name').filter({ hasText: FILE }), FILE);
  await expectRevealed(message.getByTestId('sender-name'), NAME);
});

test('the thread view, the person page and the audit log show them too, and so does the CSV', async ({
  page,
}) => {
  await signIn(page, OWNER);
  await page.goto(threadHref);
  await expectRevealed(page.getByTestId('thread-subject'), SUBJECT);
  await expectRevealed(
    page.getByTestId('participants-list').getByTestId('participant-name').filter({ hasText: NAME }),
    NAME,
  );

  await page.goto(userHref);
  await expectRevealed(page.getByTestId('user-name'), NAME);

  // A moderator who keeps the subject's override when editing it: the audit log says so.
  await page.goto(threadHref);
  await page.getByRole('button', { name: 'Change subject' }).click();
  const input = page.getByRole('textbox', { name: 'Subject' });
  await input.fill(`${await input.inputValue()} (checked)`);
  await page.getByRole('button', { name: 'Save subject' }).click();
  await expectRevealed(page.getByTestId('thread-subject'), `${SUBJECT} (checked)`);

  await page.goto('/audit?action=changeThreadSubject');
  const table = page.getByRole('table', { name: 'Audit log' });
  await expectRevealed(table.locator('tbody tr').first(), `subject: ${SUBJECT} (checked)`);

  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await (await page.request.get(href!)).text();
  expect(csv).toContain(`${SUBJECT} (checked)`);
  expect(csv).not.toMatch(LEFT_ACTIVE);
});

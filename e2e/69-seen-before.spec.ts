import { expect, test, type Page } from '@playwright/test';
import { picturePng, resizedJpeg } from '../lib/services/care/test-images';
import { demoSite, OWNER, signIn, siteApi } from './helpers';

const SITE = '/demo-community';
const ALICE = 2;

test.describe.configure({ mode: 'serial' });

/** Uploads one picture as Alice and sends it in a message of its own, as the plugin's client does. */
async function sendPicture(threadId: number, name: string, type: string, bytes: Buffer) {
  const site = demoSite();
  const auth = `Basic ${Buffer.from(`${site.BM_SITE_USER2}:${site.BM_SITE_APP_PASSWORD2}`).toString('base64')}`;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${site.BM_SITE_URL}/wp-json/better-messages/v1/thread/${threadId}/upload`, {
    method: 'POST',
    headers: { Authorization: auth },
    body: form,
  });
  const { id } = (await res.json()) as { id: number };
  expect(id).toBeGreaterThan(0);
  const sent = await siteApi(`/thread/${threadId}/send`, {
    method: 'POST',
    body: { message: `e2e: ${name}`, files: [id] },
    user: ALICE,
  });
  expect(sent.status).toBe(200);
  return { id, messageId: (sent.json as { message_id: number }).message_id };
}

/** The member's own "Blur images and videos until I reveal them", on the account page. */
async function setBlur(page: Page, blur: boolean) {
  await page.goto('/account');
  const form = page.getByRole('form', { name: 'Images and videos' });
  await form.getByLabel('Blur images and videos until I reveal them').setChecked(blur);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
}

test('a removed picture posted again, smaller and as JPEG, is marked and stays covered; another is not', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, OWNER);
  await page.goto(`${SITE}/threads?participant=${ALICE}&type=thread`);
  const href = await page.getByTestId('thread-link').first().getAttribute('href');
  const threadId = Number(href!.split('/').pop());
  const original = await picturePng(51);
  const first = await sendPicture(threadId, 'e2e-seen-original.png', 'image/png', original);

  const list = `${SITE}/attachments?thread=${threadId}&q=e2e-seen-`;
  await expect(async () => {
    await page.goto(list);
    await expect(page.getByTestId('file-name')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Remove e2e-seen-original.png' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove e2e-seen-original.png' });
  await dialog.getByLabel('Reason (kept in the audit log)').fill('e2e: seen before');
  await dialog.getByRole('button', { name: `Delete message #${first.messageId}` }).click();
  await expect(page.getByTestId('action-message')).toContainText(`Message #${first.messageId} deleted`);

  const again = await sendPicture(threadId, 'e2e-seen-again.jpg', 'image/jpeg', await resizedJpeg(original));
  const other = await sendPicture(threadId, 'e2e-seen-other.png', 'image/png', await picturePng(52));

  // The filter "Matches a removed image": once the sync has indexed the files and the hashing
  // pass has hashed them, only the re-post is listed, with its badge and its picture covered.
  await expect(async () => {
    await page.goto(`${list}&matches=1`);
    await expect(page.getByTestId('file-name')).toHaveText(['e2e-seen-again.jpg'], { timeout: 1000 });
  }).toPass({ timeout: 150_000 });
  await expect(page.getByTestId('file-matches-removed')).toHaveText(/^Matches removed image #\d+$/);
  await expect(page.getByTestId('matches-removed')).toBeVisible();

  await page.goto(`${list}&matches=0`);
  await expect(page.getByTestId('file-name')).toHaveText(['e2e-seen-other.png']);
  await expect(page.getByTestId('file-matches-removed')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Matches a removed image' }).selectOption('1');
  await expect(page).toHaveURL(/matches=1/);
  await expect(page.getByTestId('file-name')).toHaveText(['e2e-seen-again.jpg']);

  const badge = (await page.getByTestId('file-matches-removed').textContent())!.trim();

  // The thread view, with blurring turned off: the other picture shows uncovered, the re-post
  // stays covered and says which removed image it matches, until revealed on purpose.
  await setBlur(page, false);
  try {
    await page.goto(`${SITE}/threads/${threadId}`);
    const matching = page.locator(`[data-testid="protected-media"][data-file-id="${again.id}"]`);
    const plain = page.locator(`[data-testid="protected-media"][data-file-id="${other.id}"]`);
    await expect(plain).toHaveAttribute('data-blurred', 'false');
    await expect(matching).toHaveAttribute('data-blurred', 'true');
    await expect(matching.getByTestId('matches-removed')).toHaveText(badge);
    await expect(
      matching.getByRole('button', { name: /^Show image: e2e-seen-again\.jpg/ }),
    ).toHaveAccessibleName(`Show image: e2e-seen-again.jpg (${badge.toLowerCase()})`);
    await expect(matching.getByTestId('file-thumb')).toHaveClass(/blur-xl/);
    await matching.getByRole('button', { name: /^Show image: e2e-seen-again\.jpg/ }).click();
    await expect(matching).toHaveAttribute('data-blurred', 'false');
    // Back on the page, it is covered again.
    await page.reload();
    await expect(page.locator(`[data-testid="protected-media"][data-file-id="${again.id}"]`)).toHaveAttribute(
      'data-blurred',
      'true',
    );
  } finally {
    await setBlur(page, true);
  }
});

import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoSite, signIn, siteApi, SUPPORT } from './helpers';

/**
 * Care for moderators: media covered (blurred) and greyscale by default, revealed one at a time
 * (click or keyboard) and covered again on leaving; video never plays by itself and is muted;
 * revealing reported media counts towards today's exposures, and past the member's limit a
 * break is suggested without locking anything. Runs as Sam Support, whose settings it restores.
 */
const SITE = '/demo-community';
const ALICE = 2;
const CAROL = 4;

test.describe.configure({ mode: 'serial' });

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const stamp = Date.now().toString(36);
const A = `care-${stamp}-a.png`;
const B = `care-${stamp}-b.png`;
const CLIP = `care-${stamp}-clip.webm`;

let threadId = 0;
let messageId = 0;

type Bundle = { threads: { thread_id: number; participants: number[] }[] };

/** Alice sends two pictures and a clip in a thread she shares with Carol; Carol reports the message. */
async function sendReportedFiles() {
  const theirs = (await siteApi('/threads', { user: CAROL })).json as Bundle;
  const shared = theirs.threads.find((t) => t.participants.map(Number).includes(ALICE));
  expect(shared, 'carol and alice share a thread').toBeDefined();
  threadId = shared!.thread_id;
  const site = demoSite();
  const auth = `Basic ${Buffer.from(`${site.BM_SITE_USER2}:${site.BM_SITE_APP_PASSWORD2}`).toString('base64')}`;
  const ids: number[] = [];
  for (const [name, type, body] of [
    [A, 'image/png', PNG],
    [B, 'image/png', PNG],
    [CLIP, 'video/webm', Buffer.from('not really a video')],
  ] as const) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(body)], { type }), name);
    const res = await fetch(`${site.BM_SITE_URL}/wp-json/better-messages/v1/thread/${threadId}/upload`, {
      method: 'POST',
      headers: { Authorization: auth },
      body: form,
    });
    ids.push(((await res.json()) as { id: number }).id);
  }
  const sent = await siteApi(`/thread/${threadId}/send`, {
    method: 'POST',
    body: { message: 'e2e: care files', files: ids },
    user: ALICE,
  });
  expect(sent.status).toBe(200);
  messageId = (sent.json as { message_id: number }).message_id;
  const r = await siteApi('/reports/reportMessage', {
    method: 'POST',
    user: CAROL,
    body: { message_id: messageId, thread_id: threadId, category: 'other', description: 'e2e care' },
  });
  expect(r.status).toBe(200);
}

const filter = (l: Locator) => l.evaluate((e) => getComputedStyle(e).filter);
const count = async (page: Page) =>
  Number((await page.getByTestId('exposure-count').innerText()).replace(/\D+/g, ''));

async function openFiles(page: Page) {
  // The index reads the new message and its report at its next sync.
  await expect(async () => {
    await page.goto(`${SITE}/attachments?thread=${threadId}&q=care-${stamp}`);
    await expect(page.locator('tbody').getByText('reported message', { exact: true })).toHaveCount(3, {
      timeout: 1000,
    });
  }).toPass({ timeout: 45_000, intervals: [1000] });
}

/** Scrolls the item out of view and back: leaving it covers it again. */
async function leaveAndComeBack(page: Page, item: Locator) {
  await page.evaluate(() => {
    document.body.style.paddingBottom = '4000px';
    window.scrollTo(0, document.body.scrollHeight);
  });
  await expect(item).toHaveAttribute('data-blurred', 'true');
  await item.scrollIntoViewIfNeeded();
}

async function saveCare(page: Page, o: { blur: boolean; grey: boolean; limit: number }) {
  await page.goto('/account');
  const form = page.getByRole('form', { name: 'Images and videos' });
  await form.getByLabel('Blur images and videos until I reveal them').setChecked(o.blur);
  await form.getByLabel('Show them in greyscale').setChecked(o.grey);
  await form.getByLabel('Daily limit of reported media').fill(String(o.limit));
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
}

test.beforeAll(async () => {
  await sendReportedFiles();
});

test('attachments desk: blurred and greyscale by default, revealed by click and keys, covered again on leaving; reveals of reported media are counted', async ({
  page,
}) => {
  await signIn(page, SUPPORT);
  await openFiles(page);
  const a = page.locator('tbody figure[data-kind="image"]').filter({ hasText: A });
  const b = page.locator('tbody figure[data-kind="image"]').filter({ hasText: B });
  await expect(a).toHaveAttribute('data-blurred', 'true');
  const img = a.getByTestId('file-thumb');
  expect(await filter(img)).toMatch(/blur\(\d+px\)/);
  expect(await filter(img)).toMatch(/grayscale\((1|100%)\)/);
  const before = await count(page);

  // A click reveals it: sharp, still grey; a reported file counts once.
  await a.getByRole('button', { name: `Show image: ${A}` }).click();
  await expect(a).toHaveAttribute('data-blurred', 'false');
  expect(await filter(img)).not.toMatch(/blur/);
  expect(await filter(img)).toMatch(/grayscale/);
  await expect(page.getByTestId('exposure-count')).toHaveText(`Revealed today: ${before + 1}`);
  await a.getByRole('button', { name: `Show colours: ${A}` }).click();
  await expect.poll(() => filter(img)).toBe('none');

  // The keyboard: Enter on the focused cover, "Hide" takes the focus, Space shows it again.
  await b.getByRole('button', { name: `Show image: ${B}` }).focus();
  await page.keyboard.press('Enter');
  await expect(b).toHaveAttribute('data-blurred', 'false');
  const hide = b.getByRole('button', { name: `Hide image: ${B}` });
  await expect(hide).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(b).toHaveAttribute('data-blurred', 'true');
  await expect(b.getByRole('button', { name: `Show image: ${B}` })).toBeFocused();
  await page.keyboard.press(' ');
  await expect(b).toHaveAttribute('data-blurred', 'false');
  await expect(page.getByTestId('exposure-count')).toHaveText(`Revealed today: ${before + 2}`);

  // Leaving the item covers it and greys it again; the count does not grow on a second look.
  await leaveAndComeBack(page, a);
  await expect(a).toHaveAttribute('data-greyscale', 'true');
  await a.getByRole('button', { name: `Show image: ${A}` }).click();
  await expect(a).toHaveAttribute('data-blurred', 'false');
  await expect(page.getByTestId('exposure-count')).toHaveText(`Revealed today: ${before + 2}`);

  // Video: covered too, never autoplays, metadata only, muted, with controls.
  const clip = page.locator('tbody figure[data-kind="video"]').filter({ hasText: CLIP });
  await expect(clip).toHaveAttribute('data-blurred', 'true');
  const video = clip.getByTestId('file-video');
  expect(
    await video.evaluate((v: HTMLVideoElement) => ({
      autoplayAttr: v.hasAttribute('autoplay'),
      autoplay: v.autoplay,
      muted: v.muted,
      paused: v.paused,
      preload: v.getAttribute('preload'),
      controls: v.controls,
    })),
  ).toEqual({
    autoplayAttr: false,
    autoplay: false,
    muted: true,
    paused: true,
    preload: 'metadata',
    controls: true,
  });
  expect(await filter(video)).toMatch(/blur\(\d+px\) grayscale/);
});

test('the reports queue shows the item’s files covered; v reveals the next one', async ({ page }) => {
  await signIn(page, SUPPORT);
  await expect(async () => {
    await page.goto(`${SITE}/reports?item=${messageId}`);
    await expect(page.getByTestId('item-files').locator('figure[data-kind="image"]')).toHaveCount(2, {
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000, intervals: [1000] });
  const files = page.getByTestId('item-files');
  const a = files.locator('figure[data-kind="image"]').filter({ hasText: A });
  const b = files.locator('figure[data-kind="image"]').filter({ hasText: B });
  await expect(a).toHaveAttribute('data-blurred', 'true');
  await expect(b).toHaveAttribute('data-blurred', 'true');
  expect(await filter(a.getByTestId('file-thumb'))).toMatch(/blur\(\d+px\) grayscale/);
  await page.keyboard.press('v');
  await expect(a).toHaveAttribute('data-blurred', 'false');
  await expect(b).toHaveAttribute('data-blurred', 'true');
  await page.keyboard.press('v');
  await expect(b).toHaveAttribute('data-blurred', 'false');
});

test('a thread shows the same care, and past a low limit a break is suggested while revealing still works', async ({
  page,
}) => {
  await signIn(page, SUPPORT);
  await page.goto(`${SITE}/threads/${threadId}?message=${messageId}`);
  const message = page.locator(`li#message-${messageId}`);
  const a = message.locator('figure[data-kind="image"]').filter({ hasText: A });
  await expect(a).toHaveAttribute('data-blurred', 'true');
  const img = a.getByTestId('file-thumb');
  expect(await filter(img)).toMatch(/blur\(\d+px\) grayscale\((1|100%)\)/);
  await a.getByRole('button', { name: `Show image: ${A}` }).focus();
  await page.keyboard.press('Enter');
  await expect(a).toHaveAttribute('data-blurred', 'false');
  await leaveAndComeBack(page, a);
  await expect(a).toHaveAttribute('data-blurred', 'true');

  // The limit set to today's count: one more reported item goes past it.
  const today = await count(page);
  await saveCare(page, { blur: true, grey: true, limit: today });
  await openFiles(page);
  await expect(page.getByTestId('break-suggestion')).toHaveCount(0);
  const clip = page.locator('tbody figure[data-kind="video"]').filter({ hasText: CLIP });
  await clip.getByRole('button', { name: `Show video: ${CLIP}` }).click();
  await expect(page.getByTestId('exposure-count')).toHaveText(`Revealed today: ${today + 1}`);
  const note = page.getByTestId('break-suggestion');
  await expect(note).toContainText('A short break');
  // Nothing is locked: the clip is revealed and another picture still opens.
  await expect(clip).toHaveAttribute('data-blurred', 'false');
  const b = page.locator('tbody figure[data-kind="image"]').filter({ hasText: B });
  await b.getByRole('button', { name: `Show image: ${B}` }).click();
  await expect(b).toHaveAttribute('data-blurred', 'false');
  await note.getByRole('button', { name: 'Dismiss the break suggestion' }).click();
  await expect(note).toHaveCount(0);
});

test('with blur and greyscale off, media shows as sent', async ({ page }) => {
  await signIn(page, SUPPORT);
  await saveCare(page, { blur: false, grey: false, limit: 40 });
  try {
    await openFiles(page);
    const a = page.locator('tbody figure[data-kind="image"]').filter({ hasText: A });
    await expect(a).toHaveAttribute('data-blurred', 'false');
    await expect(a).toHaveAttribute('data-greyscale', 'false');
    await expect(a.getByRole('button', { name: /^Show image/ })).toHaveCount(0);
    await expect.poll(() => filter(a.getByTestId('file-thumb'))).toBe('none');
    const clip = page.locator('tbody figure[data-kind="video"]').filter({ hasText: CLIP });
    expect(await filter(clip.getByTestId('file-video'))).toBe('none');
    expect(await clip.getByTestId('file-video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  } finally {
    await saveCare(page, { blur: true, grey: true, limit: 40 });
  }
});

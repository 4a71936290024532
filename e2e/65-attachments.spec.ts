import { expect, test, type Page } from '@playwright/test';
import { actionId, demoSite, OWNER, signIn, siteApi, siteThread, SUPPORT } from './helpers';

const SITE = '/demo-community';
const ALICE = 2;

test.describe.configure({ mode: 'serial' });

/** Scripts that would flag the page (dialogs, a global) if a file ever ran in the dashboard's origin. */
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="top.__pwned='svg-onload';alert('svg-onload')"><script>top.__pwned='svg-script';alert('svg-script')</script><rect width="64" height="64" fill="#c00"/></svg>`;
const HTML = `<!doctype html><html><body><h1>Invoice</h1><script>top.__pwned='html';alert('html')</script><img src=x onerror="top.__pwned='html-img';alert(1)"></body></html>`;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

let threadId = 0;
const uploaded: Record<string, { id: number; messageId: number }> = {};

/** Uploads files as Alice and sends them in one message, the way the plugin's own client does. */
async function sendFiles(
  files: { name: string; type: string; body: string | Buffer }[],
  text: string,
  /** Who uploads and sends: Alice (user 2), or the site's administrator (user 1). */
  user: 1 | 2 = 2,
  thread = threadId,
) {
  const site = demoSite();
  const n = user === 1 ? '' : String(user);
  const auth = `Basic ${Buffer.from(`${site[`BM_SITE_USER${n}`]}:${site[`BM_SITE_APP_PASSWORD${n}`]}`).toString('base64')}`;
  const ids: number[] = [];
  for (const f of files) {
    const form = new FormData();
    form.append(
      'file',
      new Blob([typeof f.body === 'string' ? f.body : new Uint8Array(f.body)], { type: f.type }),
      f.name,
    );
    const res = await fetch(`${site.BM_SITE_URL}/wp-json/better-messages/v1/thread/${thread}/upload`, {
      method: 'POST',
      headers: { Authorization: auth },
      body: form,
    });
    const body = (await res.json()) as { id: number };
    expect(body.id).toBeGreaterThan(0);
    ids.push(body.id);
  }
  const sent = await siteApi(`/thread/${thread}/send`, {
    method: 'POST',
    body: { message: text, files: ids },
    user,
  });
  expect(sent.status).toBe(200);
  const messageId = (sent.json as { message_id?: number }).message_id ?? 0;
  expect(messageId).toBeGreaterThan(0);
  files.forEach((f, i) => (uploaded[f.name] = { id: ids[i]!, messageId }));
  return ids;
}

/** The files of the thread as the site lists them now. */
async function siteFileIds(thread: number): Promise<number[]> {
  const ids: number[] = [];
  for (const type of ['photos', 'videos', 'audio', 'files']) {
    const r = await siteApi(`/thread/${thread}/attachments?type=${type}&per_page=100`);
    ids.push(...(r.json as { files: { id: number }[] }).files.map((f) => f.id));
  }
  return ids;
}

async function waitForFiles(page: Page, url: string, count: number) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByTestId('file-name')).toHaveCount(count, { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
}

function fileIdsOnPage(page: Page) {
  return page
    .locator('tbody figure[data-file-id]')
    .evaluateAll((els) =>
      els.map((e) => ({ id: Number(e.getAttribute('data-file-id')), kind: e.getAttribute('data-kind') })),
    );
}

test('filters attachments to images from one uploader, and previews one blurred, then revealed', async ({
  page,
}) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/attachments`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });

  await page.getByRole('search', { name: 'Filter attachments' }).getByLabel('Images').click();
  await expect(page).toHaveURL(/kind=image/);
  const first = page.getByTestId('file-uploader').first();
  await expect(first).toBeVisible();
  const uploaderId = Number(await first.getAttribute('data-uploader-id'));
  const uploaderName = (await first.innerText()).replace(/ \(guest\)$/, '');

  await page.getByRole('combobox', { name: 'Uploader' }).fill(uploaderName);
  await page.getByRole('listbox', { name: 'Uploader matches' }).getByRole('option').first().click();
  await expect(page).toHaveURL(new RegExp(`uploader=${uploaderId}`));
  await expect(page.getByTestId('picked-Uploader')).toContainText(uploaderName);
  const uploaders = await page
    .getByTestId('file-uploader')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-uploader-id'))));
  expect(uploaders.length).toBeGreaterThan(0);
  expect(new Set(uploaders)).toEqual(new Set([uploaderId]));
  const files = await fileIdsOnPage(page);
  expect(files.every((f) => f.kind === 'image')).toBe(true);

  // The site agrees: each listed file is a photo of its thread.
  const threads = await page
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) =>
        Number(r.querySelector('a[href*="/threads/"]')!.getAttribute('href')!.split('/').pop()),
      ),
    );
  for (const [i, f] of files.slice(0, 5).entries()) {
    const r = await siteApi(`/thread/${threads[i]}/attachments?type=photos&per_page=100`);
    expect((r.json as { files: { id: number }[] }).files.map((x) => x.id)).toContain(f.id);
  }

  // Blurred until revealed; the picture itself comes from BM Desk's own origin.
  const preview = page.locator(`tbody figure[data-file-id="${files[0]!.id}"]`);
  await expect(preview).toHaveAttribute('data-blurred', 'true');
  const img = preview.getByTestId('file-thumb');
  await expect(img).toHaveClass(/blur-xl/);
  expect(await img.getAttribute('src')).toMatch(new RegExp(`^${SITE}/files/${files[0]!.id}\\?thumb=1`));
  await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.naturalWidth)).toBeGreaterThan(0);
  await preview.getByRole('button', { name: /^Show image/ }).click();
  await expect(preview).toHaveAttribute('data-blurred', 'false');
  await expect(img).not.toHaveClass(/blur-xl/);

  // The same filter in the grid: cells of that uploader, images only.
  await page.getByRole('button', { name: 'Grid' }).click();
  await expect(page).toHaveURL(/view=grid/);
  const cells = page.getByTestId('grid-file');
  await expect(cells.first()).toBeVisible();
  const inGrid = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-uploader-id'))));
  expect(new Set(inGrid)).toEqual(new Set([uploaderId]));
});

test('an SVG with a script and an HTML file never run in the dashboard’s origin', async ({ page }) => {
  const dialogs: string[] = [];
  page.context().on('page', (p) => p.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss())));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, OWNER);
  await page.goto(`${SITE}/threads?participant=${ALICE}&type=thread`);
  const href = await page.getByTestId('thread-link').first().getAttribute('href');
  threadId = Number(href!.split('/').pop());
  await sendFiles(
    [
      { name: 'e2e-logo.svg', type: 'image/svg+xml', body: SVG },
      { name: 'e2e-invoice.html', type: 'text/html', body: HTML },
    ],
    'e2e: hostile files',
  );
  const list = `${SITE}/attachments?thread=${threadId}&q=e2e-`;
  await waitForFiles(page, list, 2);

  for (const name of ['e2e-logo.svg', 'e2e-invoice.html']) {
    const { id } = uploaded[name]!;
    const figure = page.locator(`tbody figure[data-file-id="${id}"]`);
    // Neither is previewed: no <img>, no frame, only a download link.
    await expect(figure).toHaveAttribute('data-kind', 'file');
    await expect(figure.locator('img, iframe, object, embed')).toHaveCount(0);
    const res = await page.request.get(`${SITE}/files/${id}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/octet-stream');
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    // Its download link downloads; nothing renders.
    const download = page.waitForEvent('download');
    await figure.getByRole('link', { name: `Download ${name}` }).click();
    expect((await download).suggestedFilename()).toBe(name);
    // The harshest tries from the dashboard's own page: as a frame, an image, a new tab.
    await page.evaluate((url) => {
      for (const tag of ['iframe', 'img']) {
        const el = document.createElement(tag);
        el.setAttribute('src', url);
        document.body.append(el);
      }
    }, `${SITE}/files/${id}`);
    const tab = await page.context().newPage();
    await tab.goto(`${SITE}/files/${id}`).catch(() => undefined);
    await tab.close();
  }
  // The thread view shows them the same way, anchored at their message.
  const messageId = uploaded['e2e-logo.svg']!.messageId;
  await page.goto(`${SITE}/threads/${threadId}?message=${messageId}`);
  const message = page.locator(`li#message-${messageId}`);
  await expect(message).toHaveAttribute('data-focused', 'true');
  await expect(message.locator('figure[data-kind="file"]')).toHaveCount(2);
  await expect(message.locator('img, iframe, object, embed')).toHaveCount(0);

  await page.waitForTimeout(1000);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
});

test('removes a file by deleting its message, and the site agrees', async ({ page }) => {
  await signIn(page, OWNER);
  const { id, messageId } = uploaded['e2e-invoice.html']!;
  await page.goto(`${SITE}/attachments?thread=${threadId}&q=e2e-`);
  await page.getByRole('button', { name: 'Remove e2e-invoice.html' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove e2e-invoice.html' });
  await expect(dialog.getByTestId('remove-consequence')).toContainText('deleting the whole message');
  await dialog.getByLabel('Reason (kept in the audit log)').fill('e2e: hostile file');
  await dialog.getByRole('button', { name: `Delete message #${messageId}` }).click();
  await expect(page.getByTestId('action-message')).toContainText(`Message #${messageId} deleted`);

  // Gone on the site: the message and both files sent with it.
  const files = await siteFileIds(threadId);
  expect(files).not.toContain(id);
  expect(files).not.toContain(uploaded['e2e-logo.svg']!.id);
  const found = await siteApi(`/admin/getMessages?thread_id=${threadId}`);
  const ids = (found.json as { messages: { id: string }[] }).messages.map((m) => Number(m.id));
  expect(ids).not.toContain(messageId);
  await expect(page.getByTestId('file-name')).toHaveCount(0);
});

test('bulk remove deletes each selected file’s message with progress', async ({ page }) => {
  await signIn(page, OWNER);
  await sendFiles([{ name: 'e2e-one.png', type: 'image/png', body: PNG }], 'e2e: one');
  await sendFiles([{ name: 'e2e-two.png', type: 'image/png', body: PNG }], 'e2e: two');
  const list = `${SITE}/attachments?thread=${threadId}&q=e2e-&view=grid`;
  await expect(async () => {
    await page.goto(list);
    await expect(page.getByTestId('grid-file')).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  for (const name of ['e2e-one.png', 'e2e-two.png']) {
    await page.getByLabel(`Select file ${uploaded[name]!.id}`).check();
  }
  const bar = page.getByTestId('bulk-bar');
  await bar.getByRole('button', { name: 'Remove these files' }).click();
  await expect(bar.getByTestId('bulk-remove-consequence')).toContainText('deletes the 2 messages');
  await bar.getByRole('button', { name: 'Delete 2 messages' }).click();
  // A durable job on the server: the bar follows its counts live until it finishes.
  await expect(bar.getByTestId('job-counts')).toHaveText('2 of 2 done', { timeout: 20_000 });
  await expect(bar.getByTestId('job-started-status')).toContainText('Finished');
  const files = await siteFileIds(threadId);
  expect(files).not.toContain(uploaded['e2e-one.png']!.id);
  expect(files).not.toContain(uploaded['e2e-two.png']!.id);
});

test('bans a file’s uploader from its thread with a reason from the site’s list', async ({ page }) => {
  await signIn(page, OWNER);
  await sendFiles([{ name: 'e2e-ban.png', type: 'image/png', body: PNG }], 'e2e: ban');
  await waitForFiles(page, `${SITE}/attachments?thread=${threadId}&q=e2e-ban`, 1);
  await page.getByRole('button', { name: 'Ban uploader of e2e-ban.png' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ban uploader of e2e-ban.png' });
  await dialog.getByLabel('Duration').selectOption({ label: '1 hour' });
  const words = `e2e: file ban ${Date.now().toString(36)}`;
  await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Spam' });
  await dialog.getByLabel('In your own words (optional)').fill(words);
  await dialog.getByRole('button', { name: 'Ban from this thread' }).click();
  await expect(page.getByTestId('action-message')).toContainText('is banned from');
  expect((await siteThread(threadId)).thread?.participants).not.toContain(ALICE);

  // The decision carries the picked reason: its statement of reasons names it.
  const res = await page.request.get(`${SITE}/transparency/statements`);
  expect(res.status()).toBe(200);
  const [header, ...lines] = (await res.text()).split('\r\n');
  const line = lines.find((l) => l.includes(`,${words},`));
  expect(line, 'the ban is a statement of reasons').toBeDefined();
  const names = header!.split(',');
  const statement = Object.fromEntries(line!.split(',').map((cell, i) => [names[i], cell]));
  expect(statement).toMatchObject({
    kind: 'ban',
    'member id': String(ALICE),
    threads: String(threadId),
    reason: 'Spam',
  });

  // Alice back in the thread, as the later specs expect the demo site.
  await siteApi(`/thread/${threadId}/unbanUser`, { method: 'POST', body: { user_id: ALICE } });
  await siteApi(`/thread/${threadId}/addParticipant`, { method: 'POST', body: { user_id: [ALICE] } });
});

test('banning a protected uploader asks why to do it anyway, and does nothing without a reason', async ({
  page,
}) => {
  await signIn(page, OWNER);
  // A thread of the administrator's own with Alice, where the administrator sends a file.
  const created = await siteApi('/thread/new', {
    method: 'POST',
    body: { recipients: [ALICE], subject: 'e2e: admin files', message: 'e2e: admin thread' },
  });
  const adminThread = (created.json as { thread_id: number }).thread_id;
  expect(adminThread).toBeGreaterThan(0);
  await sendFiles(
    [{ name: 'e2e-admin.png', type: 'image/png', body: PNG }],
    'e2e: admin file',
    1,
    adminThread,
  );
  await waitForFiles(page, `${SITE}/attachments?thread=${adminThread}&q=e2e-admin`, 1);
  await page.getByRole('button', { name: 'Ban uploader of e2e-admin.png' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ban uploader of e2e-admin.png' });
  await dialog.getByRole('button', { name: 'Ban from this thread' }).click();
  await expect(dialog.getByTestId('override-field')).toContainText(
    'Site Admin is protected (the connected account). Do it anyway?',
  );
  await expect(dialog.getByRole('button', { name: 'Ban from this thread' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await siteThread(adminThread)).thread?.participants).toContain(1);
});

test('a support member sees files but no destructive control, and direct calls are refused', async ({
  page,
}) => {
  await signIn(page, SUPPORT);
  await page.goto(`${SITE}/attachments`);
  await expect(page.getByTestId('file-name').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /^Open message of/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Remove|Ban|Delete/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /Select/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Grid' }).click();
  await expect(page.getByTestId('grid-file').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Remove|Ban|Delete/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /Select/ })).toHaveCount(0);

  const row = await siteApi('/admin/getMessages?search=');
  const target = (row.json as { messages: { id: string; thread_id: string }[] }).messages[0]!;
  const res = await page.request.post(`${SITE}/attachments`, {
    headers: {
      'Next-Action': actionId('deleteFileMessage', 'attachments/actions'),
      'Content-Type': 'text/plain;charset=UTF-8',
    },
    data: JSON.stringify([
      { siteId: 1, threadId: Number(target.thread_id), messageId: Number(target.id), attachmentIds: [1] },
    ]),
  });
  expect(await res.text()).toContain('"code":"forbidden"');
  const still = await siteApi(`/admin/getMessages?thread_id=${target.thread_id}`);
  expect((still.json as { messages: { id: string }[] }).messages.map((m) => m.id)).toContain(target.id);
});

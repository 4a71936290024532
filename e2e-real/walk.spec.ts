/**
 * A moderator's walk through BM Desk on a real WordPress with the real Better Messages plugin.
 * After every step the plugin's own API is asked whether it really happened: the UI saying so is
 * not enough. The site starts nearly empty, so the members make what the walk needs first.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../e2e/helpers';
import {
  adminMessages,
  bm,
  forgetStoredViewerSetting,
  real,
  reportsRouteAnswers,
  setPluginActive,
  settings,
  saveSettings,
  siteServer,
  thread,
  upload,
} from './real-site';

const OWNER = { name: 'Rita Owner', email: 'owner@real.test', password: 'owner-password-real-1' };
const MODERATOR = {
  name: 'Max Moderator',
  email: 'moderator@real.test',
  password: 'moderator-password-real-1',
};
const SITE_NAME = 'Real WordPress';

test.describe.configure({ mode: 'serial' });

const tag = `walk${Date.now().toString(36)}`;
const fx = { garden: 0, bikes: 0, reported: 0, pending: 0, word: `marigold${tag}`, photo: 0, notes: 0 };
// The attachments desk arrives separately: the walk opens a file only once the desk is in the tree.
const attachmentsDesk = fs.existsSync('app/(desk)/[site]/attachments/page.tsx');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
// WordPress refuses .html and .svg uploads, and any file whose bytes sniff as another type (HTML in
// a .txt or a .png): what gets through is a text file whose markup does not start the file.
const NOTES = Buffer.from(`Garden notes ${tag}. Bring gloves.\nNot code here: <b>bold</b> alert('txt')\n`);
const ids = { alice: real.id('alice'), bob: real.id('bob'), carol: real.id('carol') };
let premoderationBefore: unknown;
let repliesRolesBefore: unknown;

type Sent = {
  message_id: number;
  update?: { messages: { message_id: number; meta?: { isPending?: boolean } }[] };
};

async function newThread(as: 'alice' | 'bob', recipients: number[], subject: string, message: string) {
  const r = await bm<{ thread_id: number }>('/thread/new', {
    method: 'POST',
    as,
    body: { recipients, subject, message },
  });
  return r.thread_id;
}

function send(as: 'alice' | 'bob' | 'carol', threadId: number, message: string) {
  return bm<Sent>(`/thread/${threadId}/send`, { method: 'POST', as, body: { message } });
}

test.beforeAll(async () => {
  // Reports and pre-moderation are on at install; a site changed by hand gets them back for the walk.
  const before = await settings();
  premoderationBefore = before.messagesPremoderation;
  if (before.messagesPremoderation !== '1' || before.allowReports !== '1')
    await saveSettings({ messagesViewer: '1', allowReports: '1', messagesPremoderation: '1' });

  fx.garden = await newThread(
    'alice',
    [ids.bob, ids.carol],
    `Garden club ${tag}`,
    `Welcome, gardeners ${tag}`,
  );
  fx.reported = (await send('bob', fx.garden, `Cheap seeds, click my link ${tag}`)).message_id;
  await send('carol', fx.garden, `I planted ${fx.word} today`);
  fx.photo = await upload('alice', fx.garden, { name: `garden-${tag}.png`, type: 'image/png', body: PNG });
  fx.notes = await upload('alice', fx.garden, { name: `notes-${tag}.txt`, type: 'text/plain', body: NOTES });
  await bm(`/thread/${fx.garden}/send`, {
    method: 'POST',
    as: 'alice',
    body: { message: `Photos and notes ${tag}`, files: [fx.photo, fx.notes] },
  });
  fx.bikes = await newThread('bob', [ids.carol], `Bike repair ${tag}`, `My bike is broken ${tag}`);

  await bm('/reports/reportMessage', {
    method: 'POST',
    as: 'carol',
    body: { message_id: fx.reported, thread_id: fx.garden, category: 'spam', description: `spam ${tag}` },
  });
  // A member blacklisted in a thread is held for pre-moderation there.
  await bm('/admin/blacklistUser', { method: 'POST', body: { userId: ids.bob, threadId: fx.bikes } });
  const held = await send('bob', fx.bikes, `Please fix my wheel ${tag}`);
  fx.pending = held.message_id;
  expect(held.update?.messages.find((m) => m.message_id === fx.pending)?.meta?.isPending).toBe(true);
});

test.afterAll(async () => {
  await bm('/admin/unblacklistUser', { method: 'POST', body: { userId: ids.bob, threadId: fx.bikes } }).catch(
    () => undefined,
  );
  // Saving Bob as a support account whitelisted him on the site.
  await bm('/admin/unwhitelistUser', { method: 'POST', body: { userId: ids.bob } }).catch(() => undefined);
  if (repliesRolesBefore !== undefined)
    await saveSettings({ messagesPremoderationRolesReplies: repliesRolesBefore });
  if (premoderationBefore !== undefined && premoderationBefore !== '1')
    await saveSettings({ messagesPremoderation: premoderationBefore });
});

async function pickParticipant(page: Page, label: string, name: string) {
  await page.getByLabel(label, { exact: true }).fill(name);
  await page
    .getByRole('listbox', { name: `${label} matches` })
    .getByRole('option')
    .first()
    .click();
}

async function visibleThreadIds(page: Page): Promise<number[]> {
  const hrefs = await page
    .getByTestId('thread-link')
    .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  return hrefs.map((h) => Number(h.split('/').pop()));
}

/** The index takes new items at its next sync: reload until the item shows. */
async function waitForItem(page: Page, path: string, messageId: number) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.locator(`[data-item="${messageId}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
}

/** The item leaves the queue at once; its outcome lands in a toast when the undo window ends. */
async function expectDecided(page: Page, messageId: number, label: string) {
  await expect(page.locator(`[data-item="${messageId}"]`)).toHaveCount(0);
  await expect(
    page.getByTestId('toast-text').filter({ hasText: `${label} (message #${messageId}): done.` }),
  ).toBeVisible({ timeout: 30_000 });
}

async function testConnection(page: Page, username: string, password: string, url = real.url) {
  await page.getByLabel('Site address').fill(url);
  await page.getByLabel('WordPress username').fill(username);
  await page.getByLabel('Application password').fill(password);
  await page.getByRole('button', { name: 'Test connection' }).click();
}

let slug = '';

test('an owner connects the real site: every failure says what is wrong, then the modules show', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Your name').fill(OWNER.name);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Repeat the password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create owner and sign in' }).click();
  await expect(page.getByTestId('current-member')).toContainText(OWNER.name);

  await page.goto('/sites/new');
  await page.getByLabel('Name', { exact: true }).fill(SITE_NAME);
  const error = page.getByTestId('form-error');

  await test.step('a wrong application password', async () => {
    await testConnection(page, real.login('admin'), 'abcd efgh ijkl mnop qrst uvwx');
    await expect(error).toContainText('WordPress refused the username or application password');
    await expect(error).toContainText('Users → Profile → Application Passwords');
  });

  await test.step('the login password pasted instead', async () => {
    await testConnection(page, real.login('admin'), real.loginPassword());
    await expect(error).toContainText('not the login password');
  });

  await test.step("a subscriber's application password", async () => {
    await testConnection(page, real.login('alice'), real.password('alice'));
    await expect(error).toContainText('not an administrator');
  });

  await test.step('Better Messages deactivated', async () => {
    await setPluginActive(false);
    try {
      await testConnection(page, real.login('admin'), real.password('admin'));
      await expect(error).toContainText('Better Messages is not active');
    } finally {
      await setPluginActive(true);
    }
  });

  await test.step('reports switched off', async () => {
    await saveSettings({ allowReports: '0' });
    try {
      expect(await reportsRouteAnswers()).toBe(false);
      await testConnection(page, real.login('admin'), real.password('admin'));
      await expect(page.getByRole('status')).toContainText('Connected as Site Admin');
      await expect(page.locator('[data-module="reports"]')).toHaveAttribute('data-on', 'false');
      await expect(page.getByTestId('module-note-reports')).toContainText('Reports are off on this site');
    } finally {
      await saveSettings({ allowReports: '1' });
    }
    expect(await reportsRouteAnswers()).toBe(true);
  });

  await test.step('the site stopped', async () => {
    siteServer('stop');
    try {
      await testConnection(page, real.login('admin'), real.password('admin'));
      await expect(error).toContainText('refused the connection');
      await expect(error).toContainText('web server may be stopped');
    } finally {
      siteServer('start');
    }
  });

  await test.step('the right administrator: connected, with the modules that answer', async () => {
    await testConnection(page, real.login('admin'), real.password('admin'));
    await expect(page.getByRole('status')).toContainText('Connected as Site Admin');
    for (const key of ['messagesViewer', 'reports', 'premoderation', 'attachments'])
      await expect(page.locator(`[data-module="${key}"]`)).toHaveAttribute('data-on', 'true');
    await expect(page.getByTestId('module-note-reports')).toHaveCount(0);
    await page.getByRole('button', { name: 'Connect site' }).click();
    await expect(page.getByRole('heading', { name: SITE_NAME })).toBeVisible();
    slug = new URL(page.url()).pathname.split('/')[1]!;
    expect(slug).toBeTruthy();
  });

  await test.step('a moderator joins the team', async () => {
    await page.goto('/team');
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add member' }) });
    await form.getByLabel('Name', { exact: true }).fill(MODERATOR.name);
    await form.getByLabel('Email').fill(MODERATOR.email);
    await form.getByLabel('Role').selectOption('moderator');
    await form.getByLabel('Initial password').fill(MODERATOR.password);
    await form.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByTestId('members-table')).toContainText(MODERATOR.email);
  });
});

test('a moderator filters, opens a thread, bans, approves, dismisses and opens a file; the plugin agrees', async ({
  page,
}) => {
  await signIn(page, MODERATOR);
  const threads = `/${slug}/threads`;

  await test.step('the index syncs the site', async () => {
    await page.goto(threads);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
      await expect(page.locator(`[data-testid="thread-link"][href$="/threads/${fx.bikes}"]`)).toBeVisible({
        timeout: 1000,
      });
    }).toPass({ timeout: 90_000, intervals: [2000] });
  });

  await test.step('filter by participant', async () => {
    await pickParticipant(page, 'Participant', 'Alice');
    await expect(page).toHaveURL(new RegExp(`participant=${ids.alice}`));
    await expect(page.getByTestId('picked-Participant')).toContainText('Alice');
    await expect(page.locator(`[data-testid="thread-link"][href$="/threads/${fx.bikes}"]`)).toHaveCount(0);
    const shown = await visibleThreadIds(page);
    expect(shown).toContain(fx.garden);
    for (const id of shown) {
      const site = await thread(id);
      expect(site.thread?.participants).toContain(ids.alice);
    }
  });

  await test.step('filter by text', async () => {
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page).not.toHaveURL(/participant=/);
    await page.getByLabel('Search message text or subject').fill(fx.word);
    await expect(page).toHaveURL(new RegExp(`q=${fx.word}`));
    await expect.poll(() => visibleThreadIds(page)).toEqual([fx.garden]);
    const found = await adminMessages(`search=${fx.word}`);
    expect(found.messages.length).toBeGreaterThan(0);
    expect(new Set(found.messages.map((m) => Number(m.thread_id)))).toEqual(new Set([fx.garden]));
  });

  await test.step('open the thread', async () => {
    await page.locator(`[data-testid="thread-link"][href$="/threads/${fx.garden}"]`).click();
    await expect(page.getByTestId('thread-subject')).toHaveText(`Garden club ${tag}`);
    await expect(page.getByTestId('timeline')).toContainText(fx.word);
    const site = await thread(fx.garden);
    expect(site.thread?.subject).toBe(`Garden club ${tag}`);
  });

  await test.step('ban a member for a day', async () => {
    const panel = page.getByTestId('participants-panel');
    const carol = panel.locator(`[data-participant="${ids.carol}"]`);
    await carol.getByLabel(/Actions for/).click();
    await carol.getByRole('button', { name: 'Ban…' }).click();
    const dialog = panel.getByRole('dialog');
    await dialog.getByLabel('Duration').selectOption({ label: '1 day' });
    // One of the site's reasons and the moderator's own words (issue 18).
    await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Spam' });
    await dialog.getByLabel('In your own words (optional)').fill('real walk: spamming the garden');
    await dialog.getByRole('button', { name: 'Ban' }).click();
    await expect(panel.getByTestId('action-message')).toContainText('banned for 1 day');
    await expect(carol).toHaveCount(0);
    // The plugin: Carol is out of the thread and cannot open it any more.
    const site = await thread(fx.garden);
    expect(site.thread?.participants).not.toContain(ids.carol);
    expect(await thread(fx.garden, 'carol')).toEqual({ error: 'rest_thread_forbidden' });
  });

  await test.step('approve a pending message', async () => {
    await waitForItem(page, `/${slug}/pending`, fx.pending);
    const before = (await adminMessages('pending=1')).pending;
    await page.locator(`[data-item="${fx.pending}"] button`).click();
    await expect(page.getByTestId('queue-detail')).toContainText(`Message #${fx.pending} `);
    await page
      .getByTestId('decisions')
      .getByRole('button', { name: /^Approve/ })
      .click();
    await expectDecided(page, fx.pending, 'Approve');
    const after = await adminMessages('pending=1');
    expect(after.pending).toBe(before - 1);
    expect(after.messages.map((m) => Number(m.id))).not.toContain(fx.pending);
    // Delivered: the other member now sees it.
    const asCarol = await thread(fx.bikes, 'carol');
    expect(asCarol.messageIds).toContain(fx.pending);
  });

  await test.step('dismiss a report', async () => {
    await waitForItem(page, `/${slug}/reports`, fx.reported);
    const before = (await adminMessages('reported=1')).reported;
    await page.locator(`[data-item="${fx.reported}"] button`).click();
    await expect(page.getByTestId('reports-list')).toContainText(`spam ${tag}`);
    await page
      .getByTestId('decisions')
      .getByRole('button', { name: /^Dismiss/ })
      .click();
    await expectDecided(page, fx.reported, 'Dismiss');
    const after = await adminMessages('reported=1');
    expect(after.reported).toBe(before - 1);
    expect(after.messages.map((m) => Number(m.id))).not.toContain(fx.reported);
    // The message itself stays.
    const row = (await adminMessages(`message_ids[]=${fx.reported}`)).messages[0];
    expect(row?.reports ?? []).toEqual([]);
  });

  await test.step('open an attachment safely', async (step) => {
    step.skip(!attachmentsDesk, 'the attachments desk is not in the tree yet');
    await expect(async () => {
      await page.goto(`/${slug}/attachments?thread=${fx.garden}`);
      await expect(page.getByTestId('file-name')).toHaveCount(2, { timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [2000] });
    // The plugin lists both files in the thread.
    const listed = async (type: string) =>
      (
        await bm<{ files: { id: number }[] }>(`/thread/${fx.garden}/attachments?type=${type}&per_page=100`)
      ).files.map((f) => f.id);
    expect(await listed('photos')).toContain(fx.photo);
    expect(await listed('files')).toContain(fx.notes);

    // The photo: blurred until revealed, its bytes from BM Desk's own origin.
    const photo = page.locator(`tbody figure[data-file-id="${fx.photo}"]`);
    await expect(photo).toHaveAttribute('data-blurred', 'true');
    const img = photo.getByTestId('file-thumb');
    expect(await img.getAttribute('src')).toMatch(new RegExp(`^/${slug}/files/${fx.photo}\\?`));
    await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.naturalWidth)).toBeGreaterThan(0);
    await photo.getByRole('button', { name: /^Show image/ }).click();
    await expect(photo).toHaveAttribute('data-blurred', 'false');

    // The text file holding a script: never previewed, served as a sandboxed download.
    const notes = page.locator(`tbody figure[data-file-id="${fx.notes}"]`);
    await expect(notes.locator('img, iframe, object, embed')).toHaveCount(0);
    const res = await page.request.get(`/${slug}/files/${fx.notes}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect((await res.body()).toString()).toContain(tag);
    const tab = await page.context().newPage();
    const dialogs: string[] = [];
    tab.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await tab.goto(`/${slug}/files/${fx.notes}`).catch(() => undefined);
    await tab.close();
    expect(dialogs).toEqual([]);
  });
});

test('an owner changes a moderation setting and puts it back; fixes reports on a never-saved site', async ({
  page,
}) => {
  await signIn(page, OWNER);
  const settingsPage = `/${slug}/settings`;
  const original = String((await settings()).badWordsList ?? '');

  const saveBadWords = async (value: string) => {
    await page.goto(settingsPage);
    // Typing before the form hydrates can lose characters: wait, then check what the field holds.
    await page.waitForLoadState('networkidle');
    const field = page.getByLabel('Bad words', { exact: true });
    await field.fill(value);
    await expect(field).toHaveValue(value);
    await page.getByRole('button', { name: 'Review changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review changes' });
    await expect(dialog.getByTestId('settings-diff').locator('[data-key="badWordsList"]')).toBeVisible();
    await dialog.getByRole('button', { name: 'Save to the site' }).click();
    await expect(page.getByTestId('settings-stored').locator('[data-key="badWordsList"]')).toBeVisible();
  };

  await test.step('change the bad words list', async () => {
    const changed = [original, `weed${tag}`].filter(Boolean).join('\n');
    await saveBadWords(changed);
    expect((await settings()).badWordsList).toBe(changed);
  });

  await test.step('put it back', async () => {
    await saveBadWords(original);
    expect((await settings()).badWordsList).toBe(original);
  });

  await test.step('reports that cannot be switched on get a one-click fix', async () => {
    forgetStoredViewerSetting();
    expect(await reportsRouteAnswers()).toBe(false);
    expect((await settings()).allowReports).toBe('0');

    await page.goto('/sites');
    await page.getByRole('button', { name: 'Re-check' }).click();
    await expect(page.getByRole('status')).toHaveText('Connection works.');
    await expect(page.locator('[data-module="reports"]')).toHaveAttribute('data-on', 'false');

    await page.goto(settingsPage);
    const fix = page.getByTestId('reports-fix');
    await expect(fix).toContainText('Reports cannot be switched on yet');
    await fix.getByRole('button', { name: 'Fix reports…' }).click();
    await expect(fix.getByTestId('reports-fix-diff')).toContainText('off (forced by the plugin)');
    await fix.getByRole('button', { name: 'Store both settings' }).click();
    // The page refreshes from the site's new state: nothing left to fix.
    await expect(page.getByTestId('reports-fix')).toHaveCount(0);

    expect(await reportsRouteAnswers()).toBe(true);
    const after = await settings();
    expect([after.messagesViewer, after.allowReports]).toEqual(['1', '1']);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Plugin settings' })).toBeVisible();
    await expect(page.getByTestId('reports-fix')).toHaveCount(0);
  });

  await test.step('every decision is in the audit log', async () => {
    await page.goto('/audit');
    for (const action of [
      'connectSite',
      'banUserInThread',
      'approvePendingMessage',
      'dismissReports',
      'saveSiteSettings',
      'fixReportsSetting',
    ])
      await expect(page.getByTestId('audit-table')).toContainText(action);
  });
});

test('a support team works a conversation on the real site: reply as Bob, private note, resolve, reopen', async ({
  page,
}) => {
  await signIn(page, OWNER);
  const subject = `Order help ${tag}`;
  const secret = `secret-note-${tag}`;
  const sidebar = page.getByTestId('triage-sidebar');
  let conversation = 0;

  // Pre-moderation holds every subscriber's reply unless whitelisted: Bob's must reach Alice anyway.
  repliesRolesBefore ??= (await settings()).messagesPremoderationRolesReplies ?? [];
  await saveSettings({ messagesPremoderationRolesReplies: ['subscriber'] });

  await test.step('Bob is the support account, with his own application password', async () => {
    await page.goto(`/${slug}/inbox/settings`);
    const form = page.getByRole('form', { name: 'Support account' });
    await form.getByLabel('WordPress user id').fill(String(ids.bob));
    await form.getByLabel('Name shown to the team').fill('Bob Support');
    await form.getByLabel('WordPress username').fill(real.login('bob'));
    await form.getByLabel('Application password (optional)').fill(real.password('bob'));
    await form.getByRole('button', { name: 'Save support account' }).click();
    await expect(page.getByTestId('support-accounts')).toContainText('Bob Support');
    await expect(page.getByTestId('support-accounts')).toContainText('can reply');
    expect(await page.content()).not.toContain(real.password('bob'));
    // Saving put him on the site's pre-moderation whitelist, and the form says so.
    await expect(form.getByRole('status')).toContainText("on the site's pre-moderation whitelist");
    const listed = await bm<{ users: { id: number | string }[] }>('/admin/getWhitelistedUsers');
    expect(listed.users.map((u) => Number(u.id))).toContain(ids.bob);
  });

  await test.step('Alice writes to Bob through the plugin; the conversation enters the inbox', async () => {
    conversation = await newThread('alice', [ids.bob], subject, `My order is late ${tag}`);
    await expect(async () => {
      await page.goto(`/${slug}/inbox?view=unassigned&q=${encodeURIComponent(subject)}`);
      await expect(page.getByTestId('conversation-link')).toHaveText(subject, { timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [2000] });
    await page.getByTestId('conversation-link').click();
    await expect(page.getByTestId('thread-subject')).toHaveText(subject);
    await expect(page.getByTestId('timeline')).toContainText(`My order is late ${tag}`);
  });

  await test.step('assign it to me and reply as Bob: the plugin stores it as his, escaped once', async () => {
    await sidebar.getByRole('button', { name: 'Assign to me' }).click();
    await expect(page.getByTestId('action-message')).toHaveText('Assigned to you.');
    await expect(sidebar.getByLabel('Assignee')).toHaveValue(/^\d+$/);
    await expect(sidebar.getByLabel('Assignee').locator('option:checked')).toHaveText(OWNER.name);

    const reply = page.getByLabel('Reply text');
    await reply.fill(`Hi Alice,\nyour parcel left today & arrives soon. <b>ref-${tag}</b> "quoted" <3`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByTestId('action-message')).toHaveText('Reply sent to the site.');

    const asAlice = await bm<{ messages: { message_id: number; sender_id: number; message: string }[] }>(
      `/thread/${conversation}`,
      { method: 'POST', as: 'alice', body: {} },
    );
    const sent = asAlice.messages.find((m) => m.message.includes(`ref-${tag}`));
    expect(sent?.sender_id).toBe(ids.bob);
    // The plugin escapes what it stores once (`&amp;`, never `&amp;amp;`); the <b> typed is text.
    expect(sent?.message).toBe(
      `Hi Alice,\nyour parcel left today &amp; arrives soon. &lt; b&gt;ref-${tag}&lt; /b&gt; &quot;quoted&quot; &lt; 3`,
    );
    await expect(page.getByTestId('timeline')).toContainText(`< b>ref-${tag}< /b> "quoted" < 3`);
    await expect(sidebar.getByTestId('waiting')).toHaveCount(0);
    await expect(page.getByTestId('first-response')).not.toHaveText('—');
  });

  await test.step('a reply held anyway (Bob blacklisted in this thread) is approved at once: Alice sees it', async () => {
    // A blacklist in the thread outranks the global whitelist: the plugin holds this one.
    await bm('/admin/blacklistUser', { method: 'POST', body: { userId: ids.bob, threadId: conversation } });
    try {
      await page.getByLabel('Reply text').fill(`Held then approved ${tag}`);
      await page.getByRole('button', { name: 'Send reply' }).click();
      await expect(page.getByTestId('action-message')).toContainText('BM Desk approved it at once');
    } finally {
      await bm('/admin/unblacklistUser', {
        method: 'POST',
        body: { userId: ids.bob, threadId: conversation },
      });
      await saveSettings({ messagesPremoderationRolesReplies: repliesRolesBefore });
    }
    const asAlice = await bm<{ messages: { message: string; meta?: { isPending?: boolean } }[] }>(
      `/thread/${conversation}`,
      { method: 'POST', as: 'alice', body: {} },
    );
    const seen = asAlice.messages.find((m) => m.message.includes(`Held then approved ${tag}`));
    expect(seen).toBeDefined();
    expect(seen?.meta?.isPending).toBeFalsy();
    expect((await adminMessages('pending=1')).messages.map((m) => Number(m.thread_id))).not.toContain(
      conversation,
    );
    await expect(page.getByTestId('reply-held')).toHaveCount(0);
    await expect(sidebar.getByTestId('waiting')).toHaveCount(0);
  });

  await test.step('a private note stays in BM Desk: the plugin has it nowhere', async () => {
    await page.getByLabel('Note text').fill(`Check the courier ${secret}`);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByTestId('private-note').last()).toContainText(secret);
    for (const who of ['alice', 'bob', 'admin'] as const) {
      const seen = await bm<{ messages: { message: string }[] }>(`/thread/${conversation}`, {
        method: 'POST',
        as: who,
        body: {},
      });
      expect(seen.messages.some((m) => m.message.includes(secret))).toBe(false);
    }
    expect((await adminMessages(`search=${secret}`)).messages).toEqual([]);
  });

  await test.step('resolve; Alice writes again and the conversation reopens after a sync', async () => {
    await sidebar.getByLabel('Status').selectOption('resolved');
    await expect(page.getByTestId('action-message')).toHaveText('Marked resolved.');
    await expect(sidebar.getByLabel('Status')).toHaveValue('resolved');

    await send('alice', conversation, `Still not here ${tag}`);
    await expect(async () => {
      await page.reload();
      await expect(sidebar.getByLabel('Status')).toHaveValue('open', { timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [2000] });
    await expect(page.getByTestId('triage-event').last()).toContainText('Reopened by a new message');
    await expect(page.getByTestId('timeline')).toContainText(`Still not here ${tag}`);
  });
});

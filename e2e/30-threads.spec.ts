import { expect, test, type Page } from '@playwright/test';
import { actionId, OWNER, signIn, siteApi, siteThread, SUPPORT } from './helpers';

const SITE = '/demo-community';
const ALICE = 2;
const BOB = 3;

test.describe.configure({ mode: 'serial' });

async function waitForIndex(page: Page) {
  await page.goto(`${SITE}/threads`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('thread-link').first()).toBeVisible();
}

async function pickParticipant(page: Page, label: string, name: string) {
  await page.getByLabel(label, { exact: true }).fill(name);
  await page
    .getByRole('listbox', { name: `${label} matches` })
    .getByRole('option')
    .first()
    .click();
}

/** The statement of reasons whose free text is `freeText`, as the transparency CSV gives it: cells by header. */
async function statementWith(page: Page, freeText: string): Promise<Record<string, string> | undefined> {
  const res = await page.request.get(`${SITE}/transparency/statements`);
  expect(res.status()).toBe(200);
  const [header, ...lines] = (await res.text()).split('\r\n');
  const names = header!.split(',');
  const line = lines.find((l) => l.includes(`,${freeText},`));
  return line ? Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])) : undefined;
}

async function visibleThreadIds(page: Page): Promise<number[]> {
  const hrefs = await page
    .getByTestId('thread-link')
    .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  return hrefs.map((h) => Number(h.split('/').pop()));
}

test('filters threads by type and participant, matching what the site says', async ({ page }) => {
  await signIn(page, OWNER);
  await waitForIndex(page);

  // The box follows the URL, so it turns checked once the new page arrives.
  await page.getByLabel('Chat rooms').click();
  await expect(page.getByLabel('Chat rooms')).toBeChecked();
  await expect(page).toHaveURL(/type=chat-room/);
  await expect(page.locator('tbody tr').first()).toContainText('Chat room');
  const rooms = await visibleThreadIds(page);
  expect(rooms.length).toBeGreaterThan(0);
  for (const id of rooms) expect((await siteThread(id)).thread?.type).toBe('chat-room');

  await page.getByRole('button', { name: 'Reset' }).click();
  await pickParticipant(page, 'Participant', 'Alice');
  await expect(page).toHaveURL(new RegExp(`participant=${ALICE}`));
  await expect(page.getByTestId('picked-Participant')).toContainText('Alice');
  const withAlice = await visibleThreadIds(page);
  expect(withAlice.length).toBeGreaterThan(0);
  for (const id of withAlice) expect((await siteThread(id)).thread?.participants).toContain(ALICE);

  // The link carries the state: opening it fresh shows the same rows.
  const url = page.url();
  await page.goto(url);
  expect(await visibleThreadIds(page)).toEqual(withAlice);
});

test('the participant picker works by keyboard alone', async ({ page }) => {
  await signIn(page, OWNER);
  await waitForIndex(page);
  const picker = page.getByRole('combobox', { name: 'Participant' });
  const list = page.getByRole('listbox', { name: 'Participant matches' });
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  const first = list.getByRole('option').first();
  // (Typed again until the page has hydrated and searches.)
  await expect(async () => {
    await picker.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('Alice');
    await expect(first).toContainText('Alice', { timeout: 3000 });
  }).toPass({ timeout: 20_000 });
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await expect(picker).toHaveAttribute('aria-controls', (await list.getAttribute('id'))!);

  // Escape puts the list away; ArrowDown brings it back on the first match.
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await expect(picker).not.toHaveAttribute('aria-controls');
  await page.keyboard.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  // The keys go round the list, and focus never leaves the field.
  await page.keyboard.press('ArrowUp');
  await expect(list.getByRole('option').last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`participant=${ALICE}`));
  await expect(page.getByTestId('picked-Participant')).toContainText('Alice');
});

test('bans and unbans in a thread, manages participants, renames and deletes a message', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/threads?participant=${ALICE}&type=thread`);
  const threadId = (await visibleThreadIds(page))[0]!;
  await page.goto(`${SITE}/threads/${threadId}`);
  const panel = page.getByTestId('participants-panel');
  const alice = panel.locator(`[data-participant="${ALICE}"]`);
  await expect(alice).toBeVisible();

  await alice.getByLabel(/Actions for/).click();
  await alice.getByRole('button', { name: 'Ban…' }).click();
  const dialog = panel.getByRole('dialog');
  await dialog.getByLabel('Duration').selectOption({ label: '2 hours' });
  // A reason from the site's list and the moderator's own words (issue 18).
  await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Spam' });
  await dialog.getByLabel('In your own words (optional)').fill('e2e: spam wave');
  await dialog.getByRole('button', { name: 'Ban' }).click();
  await expect(panel.getByTestId('action-message')).toContainText('banned for 2 hours');
  await expect(panel.locator(`[data-participant="${ALICE}"]`)).toHaveCount(0);
  await expect(panel.getByTestId('restrictions')).toContainText('Banned: ');
  await expect(panel.getByTestId('restrictions')).toContainText('e2e: spam wave');
  // The site agrees: Alice is out and cannot open the thread.
  expect((await siteThread(threadId)).thread?.participants).not.toContain(ALICE);
  expect(await siteThread(threadId, ALICE)).toEqual({ error: 'rest_thread_forbidden' });

  await panel.getByTestId('restrictions').getByRole('button', { name: 'Unban' }).click();
  await expect(panel.getByTestId('action-message')).toContainText('unbanned');
  await expect(panel.getByText('None.')).toBeVisible();

  // Unbanning does not re-add; adding does.
  await pickParticipant(page, 'Add participant', 'Alice');
  await panel.getByRole('button', { name: /^Add / }).click();
  await expect(panel.locator(`[data-participant="${ALICE}"]`)).toBeVisible();
  expect((await siteThread(threadId)).thread?.participants).toContain(ALICE);

  await panel
    .locator(`[data-participant="${ALICE}"]`)
    .getByLabel(/Actions for/)
    .click();
  await panel.locator(`[data-participant="${ALICE}"]`).getByRole('button', { name: 'Remove' }).click();
  await expect(panel.locator(`[data-participant="${ALICE}"]`)).toHaveCount(0);
  expect((await siteThread(threadId)).thread?.participants).not.toContain(ALICE);

  await page.getByRole('button', { name: 'Change subject' }).click();
  await page.getByLabel('Subject').fill('Renamed by e2e');
  await page.getByRole('button', { name: 'Save subject' }).click();
  await expect(page.getByTestId('thread-subject')).toHaveText('Renamed by e2e');
  expect((await siteThread(threadId)).thread?.subject).toBe('Renamed by e2e');

  const first = page.getByTestId('timeline').locator('li[data-message-id]').last();
  const messageId = Number(await first.getAttribute('data-message-id'));
  await first.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Delete selected' }).click();
  await page.getByRole('button', { name: 'Delete 1 message' }).click();
  await expect(page.locator(`li[data-message-id="${messageId}"]`)).toHaveCount(0);
  const after = await siteApi(`/admin/getMessages?message_ids[]=${messageId}`);
  expect((after.json as { messages: unknown[] }).messages).toHaveLength(0);

  await page.goto('/audit');
  for (const action of [
    'banUserInThread',
    'unbanUserInThread',
    'addParticipantsToThread',
    'changeThreadSubject',
    'deleteThreadMessages',
  ]) {
    await expect(page.getByTestId('audit-table')).toContainText(action);
  }
});

test('bans a user from every selected thread as a job and shows its counts', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/threads?participant=${BOB}&type=thread&perPage=10`);
  const ids = await visibleThreadIds(page);
  expect(ids.length).toBeGreaterThan(1);
  await page.getByLabel('Select all rows on this page').click();
  await expect(page.getByTestId('bulk-bar')).toContainText(`${ids.length} selected`);
  await page.getByRole('button', { name: 'Ban a user from these threads' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk ban' });
  // Escape in the picker closes its list, not the dialog around it.
  const picker = dialog.getByRole('combobox', { name: 'User to ban' });
  await picker.fill('Bob');
  const matches = dialog.getByRole('listbox', { name: 'User to ban matches' });
  await expect(matches.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(matches).toHaveCount(0);
  await expect(dialog).toBeVisible();
  // Emptied, so the search starts afresh (its earlier matches would otherwise show at once).
  await picker.fill('');
  // The site's administrator is protected: the ban asks "do it anyway?" with a reason, and starts
  // nothing until one is given.
  await pickParticipant(page, 'User to ban', 'Site Admin');
  await dialog.getByRole('button', { name: `Ban from ${ids.length} threads` }).click();
  const anyway = dialog.getByTestId('override-field');
  await expect(anyway).toContainText('Site Admin is protected (the connected account). Do it anyway?');
  await expect(dialog.getByRole('button', { name: `Ban from ${ids.length} threads` })).toBeDisabled();
  await expect(dialog.getByTestId('job-counts')).toHaveCount(0);
  // Someone else instead: the question goes.
  await dialog.getByRole('button', { name: 'Clear User to ban' }).click();
  await expect(anyway).toHaveCount(0);
  await pickParticipant(page, 'User to ban', 'Bob');
  await expect(anyway).toHaveCount(0);
  await dialog.getByLabel('Duration').selectOption({ label: '1 hour' });
  // A reason from the site's list and the moderator's own words: one decision about Bob.
  const words = `e2e: bulk ban ${Date.now().toString(36)}`;
  await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Spam' });
  await dialog.getByLabel('In your own words (optional)').fill(words);
  await dialog.getByRole('button', { name: `Ban from ${ids.length} threads` }).click();
  // A durable job on the server: the dialog follows its counts live until it finishes.
  await expect(dialog.getByTestId('job-counts')).toHaveText(`${ids.length} of ${ids.length} done`, {
    timeout: 30_000,
  });
  await expect(dialog.getByTestId('job-started-status')).toContainText('Finished');
  for (const id of ids) expect((await siteThread(id)).thread?.participants).not.toContain(BOB);
  // The decision carries the picked reason: its statement of reasons names it, over every thread.
  const statement = await statementWith(page, words);
  expect(statement, 'the bulk ban is a statement of reasons').toBeDefined();
  expect(statement).toMatchObject({ kind: 'ban', 'member id': String(BOB), reason: 'Spam' });
  expect(statement!.threads!.split(' ').map(Number).sort()).toEqual([...ids].sort());
});

test('erases a thread after confirmation', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/threads?type=thread`);
  const threadId = (await visibleThreadIds(page)).at(-1)!;
  await page.goto(`${SITE}/threads/${threadId}`);
  await page.getByRole('button', { name: 'Erase thread' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Erase thread' })).toContainText('cannot be undone');
  await page.getByRole('button', { name: 'Erase for good' }).click();
  await expect(page).toHaveURL(new RegExp(`${SITE}/threads$`));
  expect(await siteThread(threadId)).toEqual({ error: 'rest_thread_not_exists' });
});

test('a support member reads threads but has no destructive control, and direct calls are refused', async ({
  page,
}) => {
  await signIn(page, SUPPORT);
  await page.goto(`${SITE}/threads`);
  const threadId = (await visibleThreadIds(page))[0]!;
  await page.goto(`${SITE}/threads/${threadId}`);
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('thread-actions')).toHaveCount(0);
  await expect(page.getByLabel(/Actions for/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Erase|Clear|Ban|Delete/ })).toHaveCount(0);
  const res = await page.request.post(`${SITE}/threads/${threadId}`, {
    headers: {
      'Next-Action': actionId('eraseThread', 'threads/actions'),
      'Content-Type': 'text/plain;charset=UTF-8',
    },
    data: JSON.stringify([{ siteId: 1, threadId }]),
  });
  expect(await res.text()).toContain('"code":"forbidden"');
  expect((await siteThread(threadId)).thread?.thread_id).toBe(threadId);
});

test('hostile message HTML renders as text and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, OWNER);
  const found = await siteApi('/admin/getMessages?search=alert');
  const rows = (found.json as { messages: { id: string; thread_id: string }[] }).messages;
  expect(rows.length).toBeGreaterThan(3);
  for (const row of rows.slice(0, 8)) {
    await page.goto(`${SITE}/threads/${row.thread_id}`);
    const item = page.locator(`li[data-message-id="${row.id}"]`);
    // Older messages load when the top of the timeline comes into view (or on the button).
    for (let i = 0; i < 30 && (await item.count()) === 0; i++) {
      if (await page.getByText('Start of the conversation').isVisible()) break;
      await page.evaluate(() => window.scrollTo(0, 0));
      await page
        .getByRole('button', { name: 'Load older messages' })
        .click({ timeout: 1000 })
        .catch(() => undefined);
      await page.waitForTimeout(300);
    }
    await expect(item).toBeVisible();
    await item.hover();
    const dangerous = await page.getByTestId('timeline').evaluate((root) => {
      const bad: string[] = [];
      for (const el of root.querySelectorAll('*')) {
        // Stranger HTML lives in message bodies; elsewhere the timeline draws its own icons (SVG).
        const foreign = el.closest('.message-body') !== null;
        if (
          (foreign ? ['SVG'] : [])
            .concat(['SCRIPT', 'IFRAME', 'FORM', 'OBJECT', 'EMBED', 'STYLE', 'MATH'])
            .includes(el.tagName.toUpperCase())
        )
          bad.push(el.tagName);
        for (const a of el.getAttributeNames())
          if (a.startsWith('on') || (a === 'style' && el.closest('.message-body')))
            bad.push(`${el.tagName}[${a}]`);
        const href = el.getAttribute('href');
        if (href && !/^(https?:|mailto:|\/)/i.test(href)) bad.push(`href=${href}`);
      }
      return bad;
    });
    expect(dangerous).toEqual([]);
  }
  expect(dialogs).toEqual([]);
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { demoSite, OWNER, signIn, siteApi, SUPPORT } from './helpers';

const SITE = '/demo-community';
const ALICE = 2;
const CAROL = 4;
const stamp = Date.now().toString(36);
const SUBJECT = `Order help ${stamp}`;

test.describe.configure({ mode: 'serial' });

type Bundle = { messages: { message_id: number; sender_id: number; message: string }[] };

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who);
  return page;
}

/** The thread's messages as Alice (a participant) reads them on the site itself. */
async function siteMessages(threadId: number): Promise<Bundle['messages']> {
  const r = await siteApi(`/thread/${threadId}`, { method: 'POST', body: { messages: [] }, user: ALICE });
  expect(r.status).toBe(200);
  return (r.json as Bundle).messages;
}

let threadId = 0;

test('an admin sets up the inbox: Carol as support account, a label and a canned reply', async ({ page }) => {
  const site = demoSite();
  await signIn(page, OWNER);
  await page.goto(`${SITE}/inbox/settings`);
  const form = page.getByRole('form', { name: 'Support account' });
  await form.getByLabel('WordPress user id').fill(String(CAROL));
  await form.getByLabel('Name shown to the team').fill('Carol Support');
  await form.getByLabel('WordPress username').fill(site.BM_SITE_USER4!);
  // Another user's password is refused: it would make BM Desk speak as someone else.
  await form.getByLabel('Application password (optional)').fill(site.BM_SITE_APP_PASSWORD3!);
  await form.getByRole('button', { name: 'Save support account' }).click();
  await expect(form.getByTestId('form-error')).toContainText('did not accept');
  await form.getByLabel('Application password (optional)').fill(site.BM_SITE_APP_PASSWORD4!);
  await form.getByRole('button', { name: 'Save support account' }).click();
  await expect(page.getByTestId('support-accounts')).toContainText('Carol Support');
  await expect(page.getByTestId('support-accounts')).toContainText('can reply');
  // The password never comes back to the page.
  expect(await page.content()).not.toContain(site.BM_SITE_APP_PASSWORD4!);
  // Saving put Carol on the site's pre-moderation whitelist, and the form says so.
  await expect(form.getByRole('status')).toContainText("on the site's pre-moderation whitelist");
  const listed = await siteApi('/admin/getWhitelistedUsers');
  expect((listed.json as { users: { id: number }[] }).users.map((u) => Number(u.id))).toContain(CAROL);

  const label = page.getByRole('form', { name: 'New label' });
  await label.getByLabel('Label name').fill('Billing');
  await label.getByRole('button', { name: 'Add label' }).click();
  await expect(page.getByTestId('labels')).toContainText('Billing');

  const canned = page.getByRole('form', { name: 'New canned reply' });
  await canned.getByLabel('Shortcut').fill('thanks');
  await canned.getByLabel('Title').fill('Thanks for writing');
  await canned.getByLabel('Reply').fill('Hi {member.name}, thanks for writing to {site.name}. {agent.name}');
  await canned.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(page.getByTestId('canned-replies')).toContainText('/thanks');

  // Alice writes to Carol on the site: the thread comes into the inbox through the index.
  const created = await siteApi('/thread/new', {
    method: 'POST',
    user: ALICE,
    body: { recipients: [CAROL], subject: SUBJECT, message: 'My order is late, where is it?' },
  });
  threadId = (created.json as { thread_id: number }).thread_id;
  expect(threadId).toBeGreaterThan(0);
  await page.goto(`${SITE}/inbox?view=unassigned&q=${encodeURIComponent(SUBJECT)}`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('conversation-link')).toHaveText(SUBJECT, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('waiting')).toContainText(/waiting (< 1 m|\d+ m)/);
  await expect(page.getByTestId('view-count-unassigned')).toHaveText(/[1-9]/);
});

test('two members: assign, collision warnings on row and conversation, reply as Carol, private note', async ({
  browser,
}) => {
  const owner = await signedIn(browser, OWNER);
  const support = await signedIn(browser, SUPPORT);

  await support.goto(`${SITE}/inbox?view=open&q=${encodeURIComponent(SUBJECT)}`);
  const row = support.locator('tbody tr', { hasText: SUBJECT });
  await expect(row).toBeVisible();

  // The owner opens the conversation: the support member's row says so within 2 s.
  await owner.goto(`${SITE}/inbox/${threadId}`);
  await expect(owner.getByTestId('thread-subject')).toHaveText(SUBJECT);
  await expect(row.getByTestId('presence-badge')).toHaveText(`${OWNER.name} is viewing`, { timeout: 2_000 });

  // Assign from the sidebar.
  await owner.getByTestId('triage-sidebar').getByLabel('Assignee').selectOption({ label: SUPPORT.name });
  await expect(owner.getByTestId('action-message')).toHaveText('Assignee changed.');
  await expect(owner.getByTestId('triage-event').last()).toContainText(
    `${OWNER.name} assigned ${SUPPORT.name}`,
  );

  // The support member opens it: each sees the other, and "replying" once the composer has focus.
  await row.getByTestId('conversation-link').click();
  await expect(support.getByTestId('thread-subject')).toHaveText(SUBJECT);
  await expect(support.getByTestId('conversation-presence')).toContainText(`${OWNER.name} is viewing`, {
    timeout: 2_000,
  });
  await expect(owner.getByTestId('conversation-presence')).toContainText(`${SUPPORT.name} is viewing`, {
    timeout: 2_000,
  });
  const reply = support.getByLabel('Reply text');
  await reply.click();
  await expect(owner.getByTestId('conversation-presence')).toContainText(`${SUPPORT.name} is replying`, {
    timeout: 2_000,
  });

  // `/` opens the canned replies; variables are filled in.
  await reply.fill('/tha');
  await expect(support.getByRole('listbox', { name: 'Canned replies' })).toContainText('Thanks for writing');
  await reply.press('Enter');
  await expect(reply).toHaveValue(/^Hi Alice Member, thanks for writing to Demo community.*\. Sam Support$/);
  await reply.fill(`${await reply.inputValue()}\nYour parcel left today & arrives soon. <b>ref-${stamp}</b>`);
  await support.getByRole('button', { name: 'Send reply' }).click();
  await expect(support.getByTestId('action-message')).toHaveText('Reply sent to the site.');

  // On the site, the reply is Carol's, as typed: the site escaped it once, and the <b> the agent
  // typed is text, not markup (a space after each `<`, or the plugin's strip_tags would drop it).
  const sent = (await siteMessages(threadId)).find((m) => m.message.includes(`ref-${stamp}`));
  expect(sent?.sender_id).toBe(CAROL);
  expect(sent?.message).toContain('thanks for writing to Demo community');
  expect(sent?.message).toContain('today &amp; arrives soon');
  expect(sent?.message).not.toContain('<b>');
  expect(sent?.message).toContain(`&lt; b&gt;ref-${stamp}&lt; /b&gt;`);
  // BM Desk shows it back as text too.
  await expect(support.getByTestId('timeline')).toContainText(`< b>ref-${stamp}< /b>`);
  // Answered: nobody waits, and the first response is recorded.
  await expect(support.getByTestId('triage-sidebar').getByTestId('waiting')).toHaveCount(0);
  await expect(support.getByTestId('first-response')).not.toHaveText('—');

  // A private note with a mention: in BM Desk's timeline and the owner's notifications, nowhere on the site.
  const secret = `secret-note-${stamp}`;
  await support.keyboard.press('Escape');
  await support.keyboard.press('n');
  await expect(support.getByLabel('Note text')).toBeFocused();
  await support.getByLabel('Note text').fill(`@Olive Owner can we refund? ${secret}`);
  await support.getByRole('button', { name: 'Add note' }).click();
  await expect(support.getByTestId('private-note').last()).toContainText(secret);
  expect((await siteMessages(threadId)).some((m) => m.message.includes(secret))).toBe(false);
  const search = await siteApi(`/admin/getMessages?search=${secret}`);
  expect((search.json as { total: number }).total).toBe(0);
  await owner.goto('/notifications');
  await expect(owner.getByTestId('notifications')).toContainText(`${SUPPORT.name} mentioned you in`);
  await expect(owner.getByTestId('notifications')).toContainText(secret);

  await owner.context().close();
  await support.context().close();
});

test('keyboard: ? lists the shortcuts, e resolves, and a new message from the user reopens', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, SUPPORT);
  // Support triages but does not manage the inbox's accounts, labels or canned replies.
  await page.goto(`${SITE}/inbox/settings`);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await page.goto(`${SITE}/inbox/${threadId}`);
  await expect(async () => {
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toContainText('Assign to me', { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  await expect(page.getByTestId('action-message')).toHaveText('Resolved.');
  await expect(page.getByTestId('triage-sidebar').getByLabel('Status')).toHaveValue('resolved');

  await siteApi(`/thread/${threadId}/send`, {
    method: 'POST',
    user: ALICE,
    body: { message: 'Still not here!' },
  });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('triage-sidebar').getByLabel('Status')).toHaveValue('open', {
      timeout: 1000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('triage-event').last()).toContainText('Reopened by a new message');

  // The list: j moves to a row, a assigns it to me.
  await page.goto(`${SITE}/inbox?view=open&q=${encodeURIComponent(SUBJECT)}`);
  // (Pressed again until the page has hydrated and listens.)
  await expect(async () => {
    await page.keyboard.press('j');
    await expect(page.getByTestId('conversation-link').first()).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.press('a');
  await expect(page.getByTestId('action-message')).toHaveText('Assigned to you.');
  // e resolves at once: the row leaves the open view and the toast says so; z sets it back.
  await page.keyboard.press('e');
  await expect(page.getByTestId('conversation-link')).toHaveCount(0);
  await expect(page.getByTestId('toast-text').filter({ hasText: `Resolved: “${SUBJECT}”.` })).toBeVisible();
  await page.keyboard.press('z');
  await expect(
    page.getByTestId('toast-text').filter({ hasText: `Undone: “${SUBJECT}” is open again.` }),
  ).toBeVisible();
  await expect(page.getByTestId('conversation-link').first()).toBeVisible();
});

/** The demo site's fault switch (its control token is in the credentials it printed). */
async function siteFaults(faults: Record<string, unknown> | null) {
  const site = demoSite();
  const res = await fetch(`${site.BM_SITE_URL}/__demo/faults`, {
    method: faults ? 'POST' : 'DELETE',
    headers: { 'X-Demo-Control': site.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: faults ? JSON.stringify(faults) : undefined,
  });
  expect(res.ok).toBe(true);
}

test('a reply the site holds and BM Desk cannot approve is shown held, and the member still waits', async ({
  page,
}) => {
  const subject = `Held reply ${stamp}`;
  const created = await siteApi('/thread/new', {
    method: 'POST',
    user: ALICE,
    body: { recipients: [CAROL], subject, message: 'Is anyone there?' },
  });
  const held = (created.json as { thread_id: number }).thread_id;
  // A blacklist in this thread outranks Carol's whitelist; the approval route is gone.
  await siteApi('/admin/blacklistUser', { method: 'POST', body: { userId: CAROL, threadId: held } });
  await siteFaults({ routesOff: ['/better-messages/v1/admin/approveMessage'] });
  try {
    await signIn(page, SUPPORT);
    await expect(async () => {
      await page.goto(`${SITE}/inbox/${held}`);
      await expect(page.getByTestId('thread-subject')).toHaveText(subject, { timeout: 1000 });
      // In the inbox (the sync found Carol in it): the conversation's sidebar is there.
      await expect(page.getByTestId('triage-sidebar')).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [2000] });
    await page.getByLabel('Reply text').fill(`Held ${stamp}`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByTestId('action-message')).toContainText(
      'Reply held for approval: the member does not see it yet.',
    );
    await expect(page.getByTestId('reply-held')).toContainText('1 reply of the support team held');
    await expect(page.getByTestId('timeline')).toContainText('pending approval');
    await expect(page.getByTestId('triage-sidebar').getByTestId('waiting')).toHaveCount(1);
    await expect(page.getByTestId('first-response')).toHaveText('—');
  } finally {
    await siteFaults(null);
  }
  // On the site, Alice does not see it.
  expect((await siteMessages(held)).some((m) => m.message.includes(`Held ${stamp}`))).toBe(false);
});

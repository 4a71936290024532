import { expect, test, type Page } from '@playwright/test';
import { demoSite, OWNER, signIn, siteApi, siteThread } from './helpers';

const SITE = '/demo-community';
const ALICE = 2;
const BOB = 3;
const CAROL = 4;
const stamp = Date.now().toString(36);
const WHY = `e2e appeal ${stamp}: insults in the thread`;
const APPEAL = `Please look again ${stamp}: I was quoting someone else.`;
const NOTICE_SUBJECT = 'A moderation decision about your account';

test.describe.configure({ mode: 'serial' });

type Bundle = {
  threads: { thread_id: number; subject: string; participants: number[] }[];
  messages: { message_id: number; thread_id: number; sender_id: number; message: string }[];
};

/** Carol's messages in a thread, as Bob (a participant) reads them on the site. */
async function carolsMessagesToBob(threadId: number): Promise<string[]> {
  const r = await siteApi(`/thread/${threadId}`, { method: 'POST', body: { messages: [] }, user: BOB });
  expect(r.status).toBe(200);
  return (r.json as Bundle).messages.filter((m) => m.sender_id === CAROL).map((m) => m.message);
}

/** Picks the site's harassment reason (another spec may have renamed it "Harassment or …"). */
async function pickHarassment(page: Page, select: ReturnType<Page['getByLabel']>) {
  const label = await select
    .locator('option', { hasText: /^Harassment/ })
    .first()
    .textContent();
  await select.selectOption({ label: label! });
}

let threadId = 0;
let noticeThread = 0;

test('an admin makes Carol, with her application password, the moderation account', async ({ page }) => {
  const site = demoSite();
  await signIn(page, OWNER);
  await page.goto(`${SITE}/inbox/settings`);
  const form = page.getByRole('form', { name: 'Support account' });
  await form.getByLabel('WordPress user id').fill(String(CAROL));
  await form.getByLabel('Name shown to the team').fill('Carol Support');
  await form.getByLabel('WordPress username').fill(site.BM_SITE_USER4!);
  await form.getByLabel('Application password (optional)').fill(site.BM_SITE_APP_PASSWORD4!);
  await form.getByRole('button', { name: 'Save support account' }).click();
  await expect(page.getByTestId('support-accounts')).toContainText('can reply');

  await page.goto(`${SITE}/notices`);
  const settings = page.getByRole('form', { name: 'Notice settings' });
  await settings.getByLabel('Moderation account').selectOption({ label: 'Carol Support' });
  await settings.getByRole('button', { name: 'Save notice settings' }).click();
  await expect(settings.getByRole('status')).toHaveText('Notice settings saved.');
  await expect(page.getByTestId('notice-sender')).toHaveText('Notices are sent as Carol Support.');
});

test('the owner bans Bob in a thread with a reason and tells him; Bob answers the notice', async ({
  page,
}) => {
  const created = await siteApi('/thread/new', {
    method: 'POST',
    body: { recipients: [BOB, ALICE], subject: `Appeal walk ${stamp}`, message: 'Let us talk.' },
  });
  threadId = (created.json as { thread_id: number }).thread_id;
  expect(threadId).toBeGreaterThan(0);

  await signIn(page, OWNER);
  await page.goto(`${SITE}/threads/${threadId}`);
  const panel = page.getByTestId('participants-panel');
  const bob = panel.locator(`[data-participant="${BOB}"]`);
  await bob.getByLabel(/Actions for/).click();
  await bob.getByRole('button', { name: 'Ban…' }).click();
  const dialog = panel.getByRole('dialog');
  await dialog.getByLabel('Duration').selectOption({ label: '2 hours' });
  await pickHarassment(page, dialog.getByLabel('Reason', { exact: true }));
  await dialog.getByLabel('In your own words (optional)').fill(WHY);
  await dialog.getByLabel(/Tell the member/).check();
  await dialog.getByRole('button', { name: 'Ban' }).click();
  await expect(panel.getByTestId('action-message')).toContainText('banned for 2 hours');
  expect(await siteThread(threadId, BOB)).toEqual({ error: 'rest_thread_forbidden' });

  // Bob finds the notice from Carol among his own threads on the site, with the reason and words.
  await expect(async () => {
    const mine = (await siteApi('/threads', { user: BOB })).json as Bundle;
    const notice = mine.threads.find(
      (t) =>
        t.subject === NOTICE_SUBJECT &&
        t.participants.includes(CAROL) &&
        mine.messages.some((m) => m.thread_id === t.thread_id && m.message.includes(stamp)),
    );
    expect(notice).toBeDefined();
    noticeThread = notice!.thread_id;
  }).toPass({ timeout: 30_000 });
  const [notice] = await carolsMessagesToBob(noticeThread);
  expect(notice).toContain('Reason: Harassment');
  expect(notice).toContain('answer this message within');

  const sent = await siteApi(`/thread/${noticeThread}/send`, {
    method: 'POST',
    user: BOB,
    body: { message: APPEAL },
  });
  expect(sent.status).toBe(200);
});

test('the appeal reaches the inbox; overturning lifts the ban, tells Bob, and the strike is overturned', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, OWNER);
  // The sync turns Bob's answer into an appeal conversation labelled "appeal".
  const row = page.locator('tbody tr', { has: page.locator(`a[href="${SITE}/inbox/${noticeThread}"]`) });
  await expect(async () => {
    await page.goto(`${SITE}/inbox?view=open&q=${encodeURIComponent(NOTICE_SUBJECT)}`);
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 120_000, intervals: [2000] });
  await expect(row.getByTestId('label-chip')).toContainText(['appeal']);

  await row.getByTestId('conversation-link').click();
  const appeal = page.getByTestId('appeal-panel');
  await expect(appeal.getByTestId('appeal-decision-kind')).toHaveText(
    'Ban in a conversation (1 conversation)',
  );
  await expect(appeal).toContainText(/Reason\s*Harassment/);
  await expect(appeal).toContainText(WHY);
  await expect(appeal.getByTestId('appeal-strike-status')).toHaveText('counts');
  await expect(appeal.getByTestId('appeal-text')).toHaveText(APPEAL);

  const decide = appeal.getByRole('form', { name: 'Decide the appeal' });
  await decide.getByLabel('In your own words (optional)').fill(`The quote was in context ${stamp}.`);
  await decide.getByRole('button', { name: 'Overturn' }).click();
  await expect(appeal.getByTestId('appeal-result')).toContainText(
    `Overturned; the member is told in this conversation. Lifted: the ban in conversation #${threadId}.`,
  );
  await expect(appeal.getByTestId('appeal-status')).toHaveText('overturned');
  await expect(appeal.getByTestId('appeal-strike-status')).toHaveText('overturned');

  // The site agrees: Bob is back in the thread (the admin's view) and may open it again.
  expect((await siteThread(threadId)).thread?.participants).toContain(BOB);
  expect((await siteThread(threadId, BOB)).thread?.participants).toContain(BOB);

  // Bob has a second message from Carol in the notice's thread: the overturn and what was lifted.
  await expect(async () => {
    const fromCarol = await carolsMessagesToBob(noticeThread);
    expect(fromCarol).toHaveLength(2);
    expect(fromCarol.join('\n')).toContain('overturned the decision');
    expect(fromCarol.join('\n')).toContain(`Lifted: the ban in conversation #${threadId}.`);
  }).toPass({ timeout: 30_000 });

  // Bob's person page lists the strike as overturned.
  await page.goto(`${SITE}/users/${BOB}`);
  const strike = page.getByTestId('strikes-table').locator('tbody tr', { hasText: WHY });
  await expect(strike).toHaveAttribute('data-status', 'overturned');
  await expect(strike).toContainText('Overturned');
});

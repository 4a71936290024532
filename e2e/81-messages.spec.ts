import { expect, test } from '@playwright/test';
import { OWNER, signIn, siteApi } from './helpers';

/**
 * The messages desk: a spam wave found with one search, every match selected and deleted as one
 * job (the rows are gone); "Make this a rule" carries the filters as a condition tree; bad URL
 * values are dropped and named.
 */

const SITE = '/demo-community';
const stamp = Date.now().toString(36);
const WAVE = `spamwave${stamp}`;

type JobView = { id: number; kind: string; status: string; total: number; counts: { done: number } };

test.describe.configure({ mode: 'serial' });

test('a spam wave is one search and one job', async ({ page }) => {
  test.setTimeout(180_000);
  for (let i = 0; i < 5; i++) {
    const made = await siteApi('/thread/new', {
      method: 'POST',
      body: {
        recipients: [3],
        subject: `Deal ${stamp} ${i}`,
        message: `Cheap ${WAVE} pills at https://pills-${stamp}.example.biz/${i}`,
      },
    });
    expect(made.status).toBe(200);
  }
  // One message with the word but no link: the link filter keeps it out of the wave.
  await siteApi('/thread/new', {
    method: 'POST',
    body: { recipients: [3], subject: `Fine ${stamp}`, message: `Talking about ${WAVE} without links` },
  });

  await signIn(page, OWNER);
  const url = `${SITE}/messages?q=${WAVE}&link=1`;
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByTestId('match-count')).toHaveText('5 messages match.', { timeout: 2000 });
  }).toPass({ timeout: 90_000, intervals: [2000] });
  await expect(page.getByTestId('message-link')).toHaveCount(5);
  // Rows open in their conversation, at the message.
  await expect(page.getByTestId('message-link').first()).toHaveAttribute(
    'href',
    /\/demo-community\/threads\/\d+\?message=\d+#message-\d+$/,
  );
  // Member text is shown as text.
  await expect(page.getByTestId('message-link').first()).toContainText(`Cheap ${WAVE} pills`);

  await page.getByRole('button', { name: 'Select all 5 matches' }).click();
  const bar = page.getByTestId('all-matches-bar');
  await bar.getByRole('button', { name: 'Delete all 5 matching messages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete messages' });
  await dialog.getByLabel('In your own words (optional)').fill(`e2e wave ${stamp}`);
  await dialog.getByRole('button', { name: 'Delete all 5 matching messages' }).click();
  await expect(dialog.getByTestId('job-started')).toBeVisible();
  // One job, its five items done (the jobs list the tray reads).
  await expect(async () => {
    const res = await page.request.get('/api/jobs');
    const body = (await res.json()) as { jobs?: JobView[] };
    const job = (body.jobs ?? []).filter((j) => j.kind === 'messagesBulk').sort((a, b) => b.id - a.id)[0];
    expect(job).toMatchObject({ status: 'done', total: 5, counts: { done: 5 } });
  }).toPass({ timeout: 60_000, intervals: [1000] });

  await page.goto(url);
  await expect(page.getByTestId('match-count')).toHaveText('0 messages match.');
  // The message outside the search is still there.
  await page.goto(`${SITE}/messages?q=${WAVE}`);
  await expect(page.getByTestId('match-count')).toHaveText('1 message matches.');
  await expect(page.getByTestId('message-link')).toContainText('without links');
});

test('make this a rule carries the filters as a condition tree', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(
    `${SITE}/messages?words=casino,free%20money&outside=example.com&phone=1&sender=2&from=2026-01-01`,
  );
  const link = page.getByTestId('make-rule-link');
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href'))!;
  const target = new URL(href, 'http://desk.test');
  expect(target.pathname).toBe(`${SITE}/rules/new`);
  expect(JSON.parse(target.searchParams.get('conditions')!)).toEqual({
    all: [
      { type: 'words', words: ['casino', 'free money'], obfuscation: true },
      { type: 'domain-outside', allow: ['example.com'] },
      { type: 'phone' },
    ],
  });
  expect(target.searchParams.get('name')).toContain('casino');
  await expect(page.getByTestId('make-rule-left-out')).toContainText('sender #2');
  await expect(page.getByTestId('make-rule-left-out')).toContainText('dates');
});

test('bad URL values are dropped and named; impossible ranges are said', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/messages?from=2026-02-30&sender=99999999999&q=a%00b&type=nope`);
  const notice = page.getByTestId('ignored-params');
  await expect(notice).toContainText("Ignored an invalid date in 'from'.");
  await expect(notice).toContainText("Ignored an invalid number in 'sender'.");
  await expect(notice).toContainText("Ignored text with control characters in 'q'.");
  await expect(notice).toContainText("Ignored an unknown value in 'type'.");
  await page.goto(`${SITE}/messages?from=2026-03-01&to=2026-02-01`);
  await expect(page.getByTestId('impossible-filters')).toContainText('after the “to” date');
  await expect(page.getByTestId('match-count')).toHaveText('0 messages match.');
});

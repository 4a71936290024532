import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { OWNER, signIn, siteApi, SUPPORT } from './helpers';

const SITE = '/demo-community';
const CAROL = 4;

test.describe.configure({ mode: 'serial' });

type Bundle = {
  messages: { message_id: number; thread_id: number; sender_id: number; meta?: { isPending?: boolean } }[];
};

/** Carol reports a message someone else wrote in one of her threads, through the site's API. */
async function carolReports() {
  const mine = (await siteApi('/threads', { user: CAROL })).json as Bundle;
  const target = mine.messages.find((m) => m.sender_id !== CAROL && m.sender_id > 0 && !m.meta?.isPending);
  expect(target, 'carol has a message from someone else to report').toBeDefined();
  const r = await siteApi('/reports/reportMessage', {
    method: 'POST',
    user: CAROL,
    body: {
      message_id: target!.message_id,
      thread_id: target!.thread_id,
      category: 'spam',
      description: `e2e transparency ${target!.message_id}`,
    },
  });
  expect(r.status).toBe(200);
  return target!;
}

const number = async (page: Page, testId: string) =>
  Number(((await page.getByTestId(testId).getByTestId('stat-value').textContent()) ?? '').replace(/\D/g, ''));
const kindRow = (page: Page, kind: string) =>
  page.getByTestId('by-kind').locator(`tr[data-row="${kind}"] td`);

test('a decision taken in the reports queue is counted on the page and in both CSVs', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/transparency`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Transparency report');
  await expect(page.getByRole('link', { name: 'Last 30 days' })).toHaveAttribute('aria-current', 'page');
  const before = await number(page, 'stat-Decisions');
  const dismissedBefore = Number(await kindRow(page, 'dismiss').first().textContent());

  const target = await carolReports();
  await expect(async () => {
    await page.goto(`${SITE}/reports`);
    await expect(page.locator(`[data-item="${target.message_id}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await page.locator(`[data-item="${target.message_id}"] button`).click();
  await page.keyboard.press('d');
  await expect(
    page.getByTestId('toast-text').filter({ hasText: `Dismiss (message #${target.message_id}): done.` }),
  ).toBeVisible({ timeout: 20_000 });

  await expect(async () => {
    await page.goto(`${SITE}/transparency`);
    expect(await number(page, 'stat-Decisions')).toBe(before + 1);
  }).toPass({ timeout: 20_000, intervals: [1000] });
  await expect(kindRow(page, 'dismiss').first()).toHaveText(String(dismissedBefore + 1));
  await expect(page.getByTestId('stat-Decisions')).toContainText('by people');

  // The report's CSV, downloaded from its link, says what the page says.
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(report.suggestedFilename()).toMatch(/^demo-community-transparency-.*\.csv$/);
  const reportText = fs.readFileSync((await report.path())!, 'utf8');
  expect(reportText.startsWith('section,item,count,by people,by rules\r\n')).toBe(true);
  expect(reportText).toMatch(new RegExp(`\\r\\ndecisions,all,${before + 1},`));

  // The statements of reasons: one row a decision, this one among them.
  const [statements] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Statements of reasons (CSV)' }).click(),
  ]);
  const lines = fs.readFileSync((await statements.path())!, 'utf8').split('\r\n');
  expect(lines[0]).toMatch(/^decision id,date \(UTC\),site,kind,member id,member name,threads,messages,/);
  const inMessages = new RegExp(`,(?:\\d+ )*${target.message_id}(?: \\d+)*,`);
  const row = lines.find((l) => l.includes(',dismiss,') && inMessages.test(l));
  expect(row, 'the dismissal is a statement of reasons').toBeDefined();
  expect(row).toContain(',no,'); // not automated
  // A row starts with its id and its ISO date (a free text's later lines cannot).
  expect(lines.filter((l) => /^\d+,\d{4}-\d\d-\d\dT/.test(l))).toHaveLength(before + 1);
});

test('a period that cannot be gets words, never an error; a custom one is kept in the URL', async ({
  page,
}) => {
  await signIn(page, OWNER);
  const problems = page.getByTestId('period-problems');
  const words: [string, RegExp][] = [
    ['from=2026-02-30', /The date in 'from' is not a day of the calendar/],
    ['from=2026-01-01&to=2026-13-01', /The date in 'to' is not a day of the calendar/],
    ['from=2026-04-01&to=2026-03-01', /starts on 2026-04-01, after its last day 2026-03-01/],
    ['from=2019-01-01&to=2026-01-01', /a report covers at most 5 years/],
    ['to=2026-01-01', /no start: add 'from'/],
  ];
  for (const [query, text] of words) {
    const res = await page.goto(`${SITE}/transparency?${query}`);
    expect(res?.status(), query).toBe(200);
    await expect(problems).toContainText(text);
    const csv = await page.request.get(`${SITE}/transparency/statements?${query}`);
    expect(csv.status(), query).toBe(400);
    expect(await csv.text()).toMatch(text);
  }

  await page.goto(`${SITE}/transparency?period=year`);
  await page.getByLabel('First day (UTC)').fill('2026-03-01');
  await page.getByLabel('Last day (UTC)').fill('2026-03-31');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\?from=2026-03-01&to=2026-03-31$/);
  await expect(page.getByTestId('report-period')).toHaveText('2026-03-01 – 2026-03-31');
  await expect(problems).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
    'href',
    `${SITE}/transparency/export?from=2026-03-01&to=2026-03-31`,
  );
});

test('support reads the report and its CSVs; nobody signed out does', async ({
  page,
  playwright,
  baseURL,
}) => {
  await signIn(page, SUPPORT);
  await page.goto(`${SITE}/transparency`);
  await expect(page.getByTestId('by-kind')).toBeVisible();
  const csv = await page.request.get(`${SITE}/transparency/export?period=30d`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');

  const stranger = await playwright.request.newContext({ baseURL });
  for (const path of ['export', 'statements']) {
    const res = await stranger.get(`${SITE}/transparency/${path}`, { maxRedirects: 0 });
    expect(res.status(), path).not.toBe(200);
    expect(await res.text()).not.toContain('decision id');
  }
  await stranger.dispose();
});

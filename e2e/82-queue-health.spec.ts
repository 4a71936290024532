import { expect, test } from '@playwright/test';
import { ALL_QUEUE_DECISION_ACTIONS } from '../lib/services/queues/decision-actions';
import { OWNER, signIn, siteApi } from './helpers';

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
      description: `e2e queue health ${target!.message_id}`,
    },
  });
  expect(r.status).toBe(200);
  return target!;
}

test('a decided report shows on the overview for its member today, and opens the audit log filtered to it', async ({
  page,
}) => {
  const today = new Date().toISOString().slice(0, 10);
  await signIn(page, OWNER);
  const target = await carolReports();
  // The index picks up the report at its next incremental sync.
  await expect(async () => {
    await page.goto(`${SITE}/reports?item=${target.message_id}`);
    await expect(page.locator(`[data-item="${target.message_id}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await page.locator(`[data-item="${target.message_id}"] button`).click();
  await expect(page.locator(`[data-item="${target.message_id}"]`)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('d');
  await expect(
    page.getByTestId('toast-text').filter({ hasText: `Dismiss (message #${target.message_id}): done.` }),
  ).toBeVisible({ timeout: 20_000 });

  await page.goto(SITE);
  const health = page.getByTestId('queue-health');
  await expect(health).toBeVisible({ timeout: 20_000 });
  // Today's row: at least this decision, and its wait is known (the audit kept when the report came in).
  const day = health.getByTestId('first-decision').locator(`tr[data-day="${today}"]`);
  await expect(day.getByRole('link', { name: new RegExp(`^${today}: \\d+ decisions?$`) })).toBeVisible();
  await expect(day.getByRole('link', { name: new RegExp(`^${today}: median wait `) })).toBeVisible();
  await expect(health.getByTestId('rules-share')).toContainText('Decided by rules 0%');

  const cell = health
    .getByTestId('decisions-per-member')
    .getByRole('link', { name: new RegExp(`^${OWNER.name}, ${today}: \\d+ decisions?$`) });
  await expect(cell).toBeVisible();
  await cell.click();
  await expect(page).toHaveURL(/\/demo-community\/audit\?/);
  const url = new URL(page.url());
  expect(Object.fromEntries(url.searchParams)).toMatchObject({
    decisions: 'queue',
    outcome: 'ok',
    by: 'people',
    from: today,
    to: today,
  });
  expect(url.searchParams.get('member')).toMatch(/^\d+$/);
  await expect(page.getByLabel('Decisions')).toHaveValue('queue');
  // The newest row of that message (the table is newest first): earlier specs may have decided
  // the same message before it was reported again.
  const row = page
    .getByTestId('audit-table')
    .locator('tr')
    .filter({ hasText: `messageId: ${target.message_id}` })
    .first();
  await expect(row).toContainText('dismissReports');
  await expect(row).toContainText(OWNER.email);
  await expect(row).toContainText('queuedAt:');
  // Only queue decisions of that member on that day.
  const actions = await page.getByTestId('audit-table').locator('tbody tr span.font-mono').allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  for (const a of actions) expect(ALL_QUEUE_DECISION_ACTIONS).toContain(a.trim());
});

test('the oldest waiting report opens its queue focused on it', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(SITE);
  const reports = page.getByTestId('oldest-waiting').locator('tr[data-queue="reports"]');
  const link = reports.getByRole('link', { name: /^Reports: the oldest item has waited / });
  await expect(link).toBeVisible({ timeout: 20_000 });
  await link.click();
  await expect(page).toHaveURL(/\/demo-community\/reports\?item=\d+$/);
  const item = new URL(page.url()).searchParams.get('item');
  await expect(page.locator(`[data-item="${item}"]`)).toHaveAttribute('aria-current', 'true');
});

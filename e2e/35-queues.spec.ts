import { expect, test, type Page } from '@playwright/test';
import { actionId, OWNER, signIn, siteApi, siteThread, SUPPORT } from './helpers';

const SITE = '/demo-community';
const CAROL = 4;

test.describe.configure({ mode: 'serial' });

type Bundle = {
  messages: { message_id: number; thread_id: number; sender_id: number; meta?: { isPending?: boolean } }[];
};
type AdminRows = {
  messages: { id: string; thread_id: string; sender: { user_id: number }; reports?: unknown }[];
};

/** Carol reports a message someone else wrote in one of her threads, through the site's API. */
async function carolReports(skip: number[] = []) {
  const mine = (await siteApi('/threads', { user: CAROL })).json as Bundle;
  const target = mine.messages.find(
    (m) => m.sender_id !== CAROL && m.sender_id > 0 && !m.meta?.isPending && !skip.includes(m.message_id),
  );
  expect(target, 'carol has a message from someone else to report').toBeDefined();
  const r = await siteApi('/reports/reportMessage', {
    method: 'POST',
    user: CAROL,
    body: {
      message_id: target!.message_id,
      thread_id: target!.thread_id,
      category: 'spam',
      description: `e2e report ${target!.message_id}`,
    },
  });
  expect(r.status).toBe(200);
  return target!;
}

/** The index picks up new reports at its next incremental sync: reload until the item shows. */
async function waitForItem(page: Page, path: string, messageId: number) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.locator(`[data-item="${messageId}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
}

/**
 * A decision leaves the list at once and is sent when the member's undo window (5 s by default)
 * ends: its outcome lands in a toast.
 */
async function expectDone(page: Page, label: string, messageId: number) {
  await expect(
    page.getByTestId('toast-text').filter({ hasText: `${label} (message #${messageId}): done.` }),
  ).toBeVisible({ timeout: 20_000 });
}

async function adminRow(messageId: number) {
  return ((await siteApi(`/admin/getMessages?message_ids[]=${messageId}`)).json as AdminRows).messages[0];
}

test('a member report shows up, is dismissed with a key, and is gone on the site', async ({ page }) => {
  await signIn(page, OWNER);
  const target = await carolReports();
  await waitForItem(page, `${SITE}/reports`, target.message_id);
  await page.locator(`[data-item="${target.message_id}"] button`).click();
  await expect(page.getByTestId('reports-list')).toContainText(`e2e report ${target.message_id}`);
  await expect(page.locator(`[data-item="${target.message_id}"]`)).toHaveAttribute('aria-current', 'true');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Dismiss');
  await page.keyboard.press('?');

  await page.keyboard.press('d');
  await expect(page.locator(`[data-item="${target.message_id}"]`)).toHaveCount(0);
  await expectDone(page, 'Dismiss', target.message_id);
  expect((await adminRow(target.message_id))?.reports ?? []).toEqual([]);
});

test('delete + ban removes the message and the sender from the thread', async ({ page }) => {
  await signIn(page, OWNER);
  const target = await carolReports();
  await waitForItem(page, `${SITE}/reports`, target.message_id);
  await page.locator(`[data-item="${target.message_id}"] button`).click();
  // Decisions apply to the item the panel shows: wait until it shows this one.
  await expect(page.getByTestId('reports-list')).toContainText(`e2e report ${target.message_id}`);
  await page.getByLabel('Duration').selectOption({ label: '1 day' });
  await page.getByLabel('Reason').fill('e2e: scam');
  await page.getByRole('button', { name: 'Delete + ban sender' }).click();
  await expectDone(page, 'Delete + ban sender', target.message_id);
  expect(await adminRow(target.message_id)).toBeUndefined();
  expect((await siteThread(target.thread_id)).thread?.participants).not.toContain(target.sender_id);
});

test("the sender's history shows what the team decided before; the overview draws the queues over time", async ({
  page,
}) => {
  await signIn(page, OWNER);
  // A sender with two messages Carol can see: decide on the first, then look at the second.
  const mine = (await siteApi('/threads', { user: CAROL })).json as Bundle;
  const bySender = new Map<number, Bundle['messages']>();
  for (const m of mine.messages) {
    if (m.sender_id === CAROL || m.sender_id <= 0 || m.meta?.isPending) continue;
    bySender.set(m.sender_id, [...(bySender.get(m.sender_id) ?? []), m]);
  }
  const pair = [...bySender.values()].find((list) => list.length >= 2);
  expect(pair, 'carol sees two messages from one sender').toBeDefined();
  const [first, second] = pair!;
  const report = async (m: Bundle['messages'][number]) => {
    const r = await siteApi('/reports/reportMessage', {
      method: 'POST',
      user: CAROL,
      body: {
        message_id: m.message_id,
        thread_id: m.thread_id,
        category: 'spam',
        description: `history ${m.message_id}`,
      },
    });
    expect(r.status).toBe(200);
  };

  await report(first!);
  await waitForItem(page, `${SITE}/reports`, first!.message_id);
  await page.locator(`[data-item="${first!.message_id}"] button`).click();
  await expect(page.getByTestId('reports-list')).toContainText(`history ${first!.message_id}`);
  await page.getByLabel('Reason').fill('e2e: first warning');
  await page.getByRole('button', { name: /^Dismiss/ }).click();
  await expectDone(page, 'Dismiss', first!.message_id);

  await report(second!);
  await waitForItem(page, `${SITE}/reports`, second!.message_id);
  await page.locator(`[data-item="${second!.message_id}"] button`).click();
  await expect(page.getByTestId('reports-list')).toContainText(`history ${second!.message_id}`);
  const history = page.getByTestId('sender-history');
  await history.locator('summary').click();
  const earlier = history.getByRole('list', { name: 'Earlier decisions' });
  await expect(earlier).toContainText('dismissReports');
  await expect(earlier).toContainText('e2e: first warning');
  await expect(history.getByRole('list', { name: 'Sender counts' })).toContainText(
    /Open reports now\s*[1-9]/,
  );

  // Every incremental sync records the queues; the overview draws them per day.
  await page.goto(SITE);
  const chart = page.getByTestId('chart-Open reports (daily peak)');
  await expect(chart).toBeVisible();
  await expect(chart.getByRole('listitem').last()).toHaveAttribute('aria-label', /: [1-9]\d*$/);
  await expect(page.getByTestId('chart-Pending messages (daily peak)')).toBeVisible();
});

test('j and k move through the queue', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/reports`);
  const items = page.getByTestId('queue-list').locator('[data-item]');
  expect(await items.count()).toBeGreaterThan(1);
  const first = await items.nth(0).getAttribute('data-item');
  const second = await items.nth(1).getAttribute('data-item');
  await expect(items.nth(0)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`item=${second}`));
  await expect(page.locator(`[data-item="${second}"]`)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('k');
  await expect(page.locator(`[data-item="${first}"]`)).toHaveAttribute('aria-current', 'true');
});

test('approve delivers a pending message; distrust deletes every pending message of the sender', async ({
  page,
}) => {
  await signIn(page, OWNER);
  await page.goto(`${SITE}/pending`);
  const first = page.getByTestId('queue-list').locator('[data-item]').first();
  const approvedId = Number(await first.getAttribute('data-item'));
  await first.locator('button').click();
  await expect(page.getByTestId('queue-detail')).toContainText(`Message #${approvedId} `);
  await page.keyboard.press('a');
  // The next item opens at once; the approval is sent when the undo window ends.
  await expect(page.locator(`[data-item="${approvedId}"]`)).toHaveCount(0);
  await expect(page.getByTestId('queue-detail')).not.toContainText(`Message #${approvedId} `);
  await expectDone(page, 'Approve', approvedId);
  expect(
    Boolean((await adminRow(approvedId)) && !('is_pending' in ((await adminRow(approvedId)) as object))),
  ).toBe(true);
  await page.waitForLoadState('networkidle');
  const next = page.getByTestId('queue-list').locator('[data-item]').first();
  const id = Number(await next.getAttribute('data-item'));
  const sender = (await adminRow(id))!.sender.user_id;
  await next.locator('button').click();
  await expect(page.getByTestId('queue-detail')).toContainText(`Message #${id} `);
  await page.getByLabel('Scope').selectOption('global');
  await page.getByRole('button', { name: 'Distrust sender (delete all)' }).click();
  await expectDone(page, 'Distrust sender (delete all)', id);
  const left = (await siteApi(`/admin/getMessages?pending=1&sender_id=${sender}`)).json as AdminRows;
  expect(left.messages).toHaveLength(0);
});

test('bulk decisions run as a job on the server: dismiss two reports, reject two pending messages', async ({
  page,
}) => {
  await signIn(page, OWNER);
  const a = await carolReports();
  const b = await carolReports([a.message_id]);
  await waitForItem(page, `${SITE}/reports`, a.message_id);
  await waitForItem(page, `${SITE}/reports`, b.message_id);
  for (const t of [a, b]) await page.getByLabel(`Select message ${t.message_id}`).check();
  const bar = page.getByTestId('bulk-bar');
  await bar.getByRole('button', { name: 'Dismiss 2', exact: true }).click();
  // The items leave the list at once; the job's counts follow live in the bar until it ends.
  for (const t of [a, b]) await expect(page.locator(`[data-item="${t.message_id}"]`)).toHaveCount(0);
  await expect(bar.getByTestId('job-counts')).toHaveText('2 of 2 done', { timeout: 20_000 });
  await expect(bar.getByTestId('job-started-status')).toContainText('Finished');
  for (const t of [a, b]) expect((await adminRow(t.message_id))?.reports ?? []).toEqual([]);
  // The list reloaded from the index without them.
  await page.reload();
  await expect(page.getByTestId('queue-list')).toBeVisible();
  for (const t of [a, b]) await expect(page.locator(`[data-item="${t.message_id}"]`)).toHaveCount(0);

  await page.goto(`${SITE}/pending`);
  const rows = page.getByTestId('queue-list').locator('[data-item]');
  const ids = [
    Number(await rows.nth(0).getAttribute('data-item')),
    Number(await rows.nth(1).getAttribute('data-item')),
  ];
  for (const id of ids) await page.getByLabel(`Select message ${id}`).check();
  await bar.getByRole('button', { name: 'Reject (delete) 2', exact: true }).click();
  for (const id of ids) await expect(page.locator(`[data-item="${id}"]`)).toHaveCount(0);
  await expect(bar.getByTestId('job-counts')).toHaveText('2 of 2 done', { timeout: 20_000 });
  await expect(bar.getByTestId('job-started-status')).toContainText('Finished');
  for (const id of ids) expect(await adminRow(id)).toBeUndefined();
});

test('support may dismiss reports but not delete or ban, in the page or by calling the action', async ({
  page,
}) => {
  await signIn(page, SUPPORT);
  await page.goto(`${SITE}/reports`);
  const decisions = page.getByTestId('decisions');
  await expect(decisions.getByRole('button', { name: /Dismiss/ })).toBeVisible();
  await expect(decisions.getByRole('button', { name: /Delete|Ban|Mute|Hold/ })).toHaveCount(0);
  const id = Number(
    await page.getByTestId('queue-list').locator('[data-item]').first().getAttribute('data-item'),
  );
  const res = await page.request.post(`${SITE}/reports`, {
    headers: {
      'Next-Action': actionId('deleteReportedMessage', 'reports/actions'),
      'Content-Type': 'text/plain;charset=UTF-8',
    },
    data: JSON.stringify([{ siteId: 1, messageId: id }]),
  });
  expect(await res.text()).toContain('"code":"forbidden"');
  expect(await adminRow(id)).toBeDefined();
});

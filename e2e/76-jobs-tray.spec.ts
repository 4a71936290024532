import { expect, test, type Page } from '@playwright/test';
import { demoSite, OWNER, signIn, siteApi, siteThread } from './helpers';

/**
 * Bulk actions run as durable jobs, and the jobs tray in every desk header follows them: the
 * threads desk starts an erase, the tray shows its progress to the end (a thread erased meanwhile
 * ends 'already gone'); a slow job (the site answers thread calls late) is cancelled and its
 * remaining threads are left alone; an item the site refuses fails with its words and "Retry the
 * failed" finishes it once the site answers again.
 */

const SITE = '/demo-community';
const BOB = 3;
const stamp = Date.now().toString(36);
const subject = (group: string, i: number) => `jobs${stamp}-${group}-${i}`;

test.describe.configure({ mode: 'serial' });

async function siteFaults(faults: Record<string, unknown> | null) {
  const site = demoSite();
  const res = await fetch(`${site.BM_SITE_URL}/__demo/faults`, {
    method: faults ? 'POST' : 'DELETE',
    headers: { 'X-Demo-Control': site.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: faults ? JSON.stringify(faults) : undefined,
  });
  expect(res.ok).toBe(true);
}

async function createThreads(group: string, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const made = await siteApi('/thread/new', {
      method: 'POST',
      body: { recipients: [BOB], subject: subject(group, i), message: `Jobs tray e2e ${group} ${i}` },
    });
    ids.push((made.json as { thread_id: number }).thread_id);
  }
  return ids;
}

/** The threads of a group on the threads desk, once the index has them all; all selected. */
async function selectGroup(page: Page, group: string, n: number) {
  await expect(async () => {
    await page.goto(`${SITE}/threads?q=${encodeURIComponent(`jobs${stamp}-${group}-`)}&perPage=25`);
    await expect(page.getByTestId('thread-link')).toHaveCount(n, { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [1000] });
  await page.getByLabel('Select all rows on this page').click();
  await expect(page.getByTestId('bulk-bar')).toContainText(`${n} selected`);
}

async function startErase(page: Page, n: number) {
  await page.getByRole('button', { name: 'Erase these threads' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk erase' });
  await dialog.getByLabel('Reason (kept in the audit log)').fill('e2e: jobs tray');
  await dialog.getByRole('button', { name: `Erase ${n} threads` }).click();
  await expect(dialog.getByTestId('job-started-status')).toBeVisible();
  return dialog;
}

async function openTray(page: Page) {
  const button = page.getByTestId('jobs-tray-button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  return page.getByTestId('jobs-panel');
}

const card = (page: Page, label: string) =>
  page
    .getByTestId('job-card')
    .filter({ has: page.getByTestId('job-label').getByText(label, { exact: true }) });

let eraseIds: number[] = [];
let slowIds: number[] = [];
let failIds: number[] = [];
let triageIds: number[] = [];

test.afterAll(async () => {
  await siteFaults(null);
});

test('a bulk erase from the threads desk runs as a job the tray follows to the end', async ({ page }) => {
  test.setTimeout(90_000);
  eraseIds = await createThreads('erase', 3);
  slowIds = await createThreads('slow', 8);
  failIds = await createThreads('fail', 2);
  triageIds = await createThreads('triage', 2);
  await signIn(page, OWNER);
  await selectGroup(page, 'erase', 3);
  // Erased on the site behind BM Desk's back: its item ends 'already gone', not failed.
  await siteApi(`/thread/${eraseIds[2]}/erase`, { method: 'POST' });

  const dialog = await startErase(page, 3);
  await expect(dialog.getByTestId('job-counts')).toHaveText('2 of 3 done, 1 already gone', {
    timeout: 20_000,
  });
  await expect(dialog.getByTestId('job-started-status')).toContainText('Finished');
  await expect(page.getByTestId('jobs-announcement')).toContainText('Finished: Erase 3 threads');

  const panel = await openTray(page);
  const job = card(page, 'Erase 3 threads').first();
  await expect(job.getByTestId('job-status')).toHaveText('Finished');
  await expect(job.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '3');
  await expect(job.getByRole('progressbar')).toHaveAttribute('aria-valuemax', '3');
  await expect(panel).toContainText('Finished in the last day');
  for (const id of eraseIds) expect(await siteThread(id)).toEqual({ error: 'rest_thread_not_exists' });
  // Audited per thread under the single thread's action name.
  await page.goto('/audit');
  await expect(page.getByTestId('audit-table')).toContainText('eraseThread');
});

test('cancelling a slow job leaves the remaining threads alone', async ({ page }) => {
  await signIn(page, OWNER);
  await selectGroup(page, 'slow', 8);
  await siteFaults({ latencyMs: 1500, only: '/better-messages/v1/thread/' });
  try {
    await startErase(page, 8);
    const panel = await openTray(page);
    const job = card(page, 'Erase 8 threads').first();
    await expect(job.getByTestId('job-status')).toHaveText('Running');
    await expect(page.getByTestId('jobs-running-count')).toContainText('1');
    await job.getByRole('button', { name: 'Cancel: Erase 8 threads' }).click();
    await expect(job.getByTestId('job-status')).toHaveText('Cancelled', { timeout: 10_000 });
    await expect(job.getByTestId('job-counts')).toContainText('cancelled');
    await expect(panel.getByRole('button', { name: 'Cancel: Erase 8 threads' })).toHaveCount(0);
  } finally {
    await siteFaults(null);
  }
  // Those in flight finished; the cancelled ones were never sent.
  const counts = await card(page, 'Erase 8 threads').first().getByTestId('job-counts').textContent();
  const cancelled = Number(/(\d+) cancelled/.exec(counts ?? '')?.[1]);
  expect(cancelled).toBeGreaterThan(0);
  // Once the calls in flight have landed, exactly the cancelled threads are still on the site.
  await expect(async () => {
    const still = [];
    for (const id of slowIds) if ('thread' in (await siteThread(id))) still.push(id);
    expect(still.length).toBe(cancelled);
  }).toPass({ timeout: 15_000 });
});

test('an item the site refuses fails in its words, and "Retry the failed" finishes it', async ({ page }) => {
  await signIn(page, OWNER);
  await selectGroup(page, 'fail', 2);
  await siteFaults({ errorRate: 1, only: `/better-messages/v1/thread/${failIds[1]}/erase` });
  try {
    const dialog = await startErase(page, 2);
    await expect(dialog.getByTestId('job-counts')).toHaveText('1 of 2 done, 1 failed', { timeout: 20_000 });
  } finally {
    await siteFaults(null);
  }
  await openTray(page);
  const job = card(page, 'Erase 2 threads').first();
  const failed = job.getByTestId('job-failed');
  await failed.getByText('1 failed — why').click();
  await expect(failed).toContainText(subject('fail', 1));
  await expect(failed).toContainText('critical error');
  await job.getByRole('button', { name: 'Retry the failed: Erase 2 threads' }).click();
  await expect(job.getByTestId('job-counts')).toHaveText('2 of 2 done', { timeout: 20_000 });
  await expect(job.getByTestId('job-status')).toHaveText('Finished');
  await expect(job.getByTestId('job-failed')).toHaveCount(0);
  expect(await siteThread(failIds[1]!)).toEqual({ error: 'rest_thread_not_exists' });
});

test('bulk resolve in the support inbox runs as a job and resolves every conversation', async ({ page }) => {
  await signIn(page, OWNER);
  await selectGroup(page, 'triage', 2);
  for (const id of triageIds) {
    await page.goto(`${SITE}/threads/${id}`);
    await page.getByTestId('add-to-inbox').click();
    await expect(page).toHaveURL(new RegExp(`${SITE}/inbox/${id}$`));
  }
  const q = encodeURIComponent(`jobs${stamp}-triage-`);
  await page.goto(`${SITE}/inbox?view=open&q=${q}`);
  await expect(page.getByTestId('conversation-link')).toHaveCount(2);
  await page.getByLabel('Select all rows on this page').click();
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk resolve' });
  await dialog.getByRole('button', { name: 'Resolve 2 conversations' }).click();
  await expect(dialog.getByTestId('job-counts')).toHaveText('2 of 2 done', { timeout: 20_000 });
  await page.goto(`${SITE}/inbox?view=resolved&q=${q}`);
  await expect(page.getByTestId('conversation-link')).toHaveCount(2);
});

import { expect, test, type Page } from '@playwright/test';
import { OWNER, signIn, siteApi } from './helpers';

const SITE = '/demo-community';
const CAROL = 4;

test.describe.configure({ mode: 'serial' });

type Bundle = {
  messages: { message_id: number; thread_id: number; sender_id: number; meta?: { isPending?: boolean } }[];
};
type Message = Bundle['messages'][number];
type AdminRows = { messages: { id: string; reports?: unknown }[] };

async function visible(user: 2 | 3 | 4): Promise<Message[]> {
  return ((await siteApi('/threads', { user })).json as Bundle).messages.filter(
    (m) => m.sender_id > 0 && !m.meta?.isPending,
  );
}

/** Reports a message through the site's API as that member; false when the site refuses it. */
async function report(user: 2 | 3 | 4, m: Message, description: string): Promise<boolean> {
  const r = await siteApi('/reports/reportMessage', {
    method: 'POST',
    user,
    body: { message_id: m.message_id, thread_id: m.thread_id, category: 'spam', description },
  });
  return r.status === 200;
}

/** Carol reports `count` messages someone else wrote (ones she has no open report on). */
async function carolReports(count: number, from: 'start' | 'end' = 'start'): Promise<Message[]> {
  const list = (await visible(CAROL)).filter((m) => m.sender_id !== CAROL);
  if (from === 'end') list.reverse();
  const done: Message[] = [];
  for (const m of list) {
    if (done.length === count) break;
    if (await report(CAROL, m, `e2e reasons ${m.message_id}`)) done.push(m);
  }
  expect(done, 'carol has messages from someone else to report').toHaveLength(count);
  return done;
}

async function waitForItems(page: Page, path: string, ids: number[]) {
  await expect(async () => {
    await page.goto(path);
    for (const id of ids) await expect(page.locator(`[data-item="${id}"]`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
}

async function expectDone(page: Page, label: string, messageId: number) {
  await expect(
    page.getByTestId('toast-text').filter({ hasText: `${label} (message #${messageId}): done.` }),
  ).toBeVisible({ timeout: 20_000 });
}

async function adminRow(messageId: number) {
  return ((await siteApi(`/admin/getMessages?message_ids[]=${messageId}`)).json as AdminRows).messages[0];
}

test('a reason chosen with a key goes with a key decision and stays chosen for the next item', async ({
  page,
}) => {
  await signIn(page, OWNER);
  const [first, second] = await carolReports(2);
  await waitForItems(page, `${SITE}/reports`, [first!.message_id, second!.message_id]);
  await page.locator(`[data-item="${first!.message_id}"] button`).click();
  await expect(page.getByTestId('reports-list')).toContainText(`e2e reasons ${first!.message_id}`);

  // The key help lists the reasons' keys and explains "content is OK".
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('1 Spam');
  await expect(help).toContainText('Content is OK');
  await expect(help).toContainText('BM Desk dismisses its later reports at once');
  await page.keyboard.press('?');

  const rule = page.getByLabel('Rule broken');
  await page.keyboard.press('1');
  await expect(rule.locator('option:checked')).toHaveText('Spam');
  await page.keyboard.press('x');
  await expect(page.locator(`[data-item="${first!.message_id}"]`)).toHaveCount(0);
  // The next item shows at once, with the reason still chosen.
  await expect(page.getByTestId('reports-list')).toContainText(`e2e reasons ${second!.message_id}`);
  await expect(rule.locator('option:checked')).toHaveText('Spam');
  await expectDone(page, 'Delete message', first!.message_id);
  expect(await adminRow(first!.message_id)).toBeUndefined();
  // A dismissal carries no reason from the list: clear the second one.
  await page.keyboard.press('d');
  await expectDone(page, 'Dismiss', second!.message_id);

  // The audit log keeps the reason with the decision.
  await page.goto(`${SITE}/audit`);
  const row = page
    .getByTestId('audit-table')
    .locator('tr')
    .filter({ hasText: `messageId: ${first!.message_id}` })
    .first();
  await expect(row).toContainText('deleteReportedMessage');
  await expect(row).toContainText(/reasonId: \d+/);
});

test('"content is OK" dismisses, and a later report of the message is dismissed by BM Desk', async ({
  page,
}) => {
  await signIn(page, OWNER);
  // A message Carol and Bob (3) both see, written by neither, that neither has reported.
  const bobSees = new Set((await visible(3)).map((m) => m.message_id));
  const shared = (await visible(CAROL))
    .filter((m) => m.sender_id !== CAROL && m.sender_id !== 3 && bobSees.has(m.message_id))
    .reverse();
  let target: Message | undefined;
  for (const m of shared) {
    if (await report(CAROL, m, `e2e content ok ${m.message_id}`)) {
      target = m;
      break;
    }
  }
  expect(target, 'carol and bob share a message to report').toBeDefined();
  await waitForItems(page, `${SITE}/reports`, [target!.message_id]);
  await page.locator(`[data-item="${target!.message_id}"] button`).click();
  await expect(page.getByTestId('reports-list')).toContainText(`e2e content ok ${target!.message_id}`);
  await page.keyboard.press('o');
  await expect(page.locator(`[data-item="${target!.message_id}"]`)).toHaveCount(0);
  await expectDone(page, 'Content is OK', target!.message_id);
  expect((await adminRow(target!.message_id))?.reports ?? []).toEqual([]);

  // Bob reports it: BM Desk dismisses it on the site within a sync pass; the queue never shows it.
  expect(await report(3, target!, 'e2e second report')).toBe(true);
  await expect(async () => {
    await page.goto(`${SITE}/reports`);
    await expect(page.locator(`[data-item="${target!.message_id}"]`)).toHaveCount(0);
    const mark = page.getByTestId('content-ok-marks').locator(`[data-ok-message="${target!.message_id}"]`);
    await expect(mark).toContainText(`Marked OK by ${OWNER.name}, 1 later report dismissed`, {
      timeout: 1000,
    });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  expect((await adminRow(target!.message_id))?.reports ?? []).toEqual([]);
});

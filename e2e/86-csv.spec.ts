import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { OWNER, signIn } from './helpers';
import { parseCsv } from '../tests/support/parse-csv';

const SITE = '/demo-community';

test('the threads table downloads every filtered row as CSV through its link', async ({ page }) => {
  await signIn(page, OWNER);
  // Ten rows a page: the file must hold every matching thread, not the page shown.
  await page.goto(`${SITE}/threads?type=thread&perPage=10`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('index-filling')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const total = Number((await page.getByTestId('row-count').textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(10);

  const link = page.getByRole('link', { name: 'Download CSV' });
  await expect(link).toHaveAttribute('href', `${SITE}/threads/export?type=thread`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const day = new Date().toISOString().slice(0, 10);
  expect(download.suggestedFilename()).toBe(`demo-community-threads-${day}.csv`);
  const { rows: all, rest } = parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
  expect(rest).toBe('');
  const [header, ...rows] = all;
  expect(header!.slice(0, 3)).toEqual(['thread id', 'type', 'subject']);
  expect(rows).toHaveLength(total);
  expect(new Set(rows.map((r) => r[0])).size).toBe(total);
  for (const r of rows) expect(r[1]).toBe('thread');
  // No cell a spreadsheet would run: strangers' subjects are defused.
  for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
});

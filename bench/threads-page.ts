/**
 * The threads desk in a real browser over a large index: how long a filter change takes to
 * show its first page (p50/p95, measured by Playwright), and how much JavaScript the threads
 * page ships (gzipped). Needs a production build (`npx next build`).
 *
 *   npx tsx bench/threads-page.ts [--messages 1000000] [--changes 40] [--reuse]
 *
 * It starts the demo site with that many messages and BM Desk on a fresh data folder with the
 * demo site connected, waits for the index to fill, then measures. Nothing here is a test.
 */
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { numberArg, percentile, runBench, startBenchStack } from './support';

const MESSAGES = numberArg('messages', 1_000_000);
const CHANGES = numberArg('changes', 40);
// --reuse: keep the demo site and the filled index of an earlier run with the same size.
const REUSE = process.argv.includes('--reuse');
const SITE_PORT = 8190;
const APP_PORT = 3190;
const work = path.resolve('data/bench-threads');

async function waitForIndex(page: Page) {
  const started = Date.now();
  for (;;) {
    await page.goto(`http://127.0.0.1:${APP_PORT}/demo-community`);
    const text = await page.getByTestId('sync-status').innerText();
    if (/Complete/.test(text)) return (Date.now() - started) / 1000;
    process.stderr.write(
      `\r[bench] ${text.split('\n').find((l) => l.includes('Backfill')) ?? text.slice(0, 80)}   `,
    );
    await page.waitForTimeout(5000);
  }
}

async function main() {
  const { browser, page } = await startBenchStack({
    work,
    sitePort: SITE_PORT,
    appPort: APP_PORT,
    messages: MESSAGES,
    reuse: REUSE,
  });
  const fillSeconds = await waitForIndex(page);
  console.log(
    `\n[bench] index of ${MESSAGES.toLocaleString('en')} messages complete after ${fillSeconds.toFixed(0)} s of waiting`,
  );

  // JavaScript the threads page ships, gzipped as a server would send it.
  const scripts = new Set<string>();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.add(r.url());
  });
  await page.goto(`http://127.0.0.1:${APP_PORT}/demo-community/threads`);
  await page.waitForLoadState('networkidle');
  let gz = 0;
  let raw = 0;
  for (const url of scripts) {
    const body = Buffer.from(await (await page.request.get(url)).body());
    raw += body.length;
    gz += zlib.gzipSync(body, { level: 9 }).length;
  }
  console.log(
    `[bench] threads page JavaScript: ${scripts.size} files, ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzipped`,
  );

  // Filter changes through the UI, timed until the new first page is on screen.
  const bar = (p: Page) => p.getByRole('search', { name: 'Filter threads' });
  const filters: [string, (p: Page) => Promise<unknown>][] = [
    ['type: chat rooms', (p) => bar(p).getByLabel('Chat rooms').click()],
    ['reports: yes', (p) => bar(p).getByLabel('Reports').selectOption('1')],
    ['pending: yes', (p) => bar(p).getByLabel('Pending').selectOption('1')],
    ['files: yes', (p) => bar(p).getByLabel('Files', { exact: true }).selectOption('1')],
    // Enter searches at once; without it the search waits for a 300 ms pause in typing (timed apart, below).
    ['text: "refund" + Enter', (p) => search(p, 'refund')],
    ['text: "meetup weekend" + Enter', (p) => search(p, 'meetup weekend')],
    ['active from', (p) => bar(p).getByLabel('Active from').fill('2026-10-01')],
    ['bans: yes', (p) => bar(p).getByLabel('Bans').selectOption('1')],
    [
      'sort by messages',
      (p) => p.getByRole('columnheader', { name: 'Messages' }).getByRole('button').click(),
    ],
    ['sort by reports', (p) => p.getByRole('columnheader', { name: 'Reports' }).getByRole('button').click()],
  ];
  const search = async (p: Page, words: string) => {
    const box = bar(p).getByPlaceholder('Words…');
    await box.fill(words);
    await box.press('Enter');
  };
  const paused: [string, (p: Page) => Promise<unknown>][] = [
    ['text: "refund", typing pause', (p) => bar(p).getByPlaceholder('Words…').fill('refund')],
    ['text: "meetup weekend", typing pause', (p) => bar(p).getByPlaceholder('Words…').fill('meetup weekend')],
  ];
  const times: number[] = [];
  const untyped: number[] = [];
  const pauses: number[] = [];
  const serverParts: number[] = [];
  // The RSC request of each change: how much of the time is the server's answer.
  let rsc: { start: number; end: number } | null = null;
  page.on('requestfinished', (req) => {
    if (!req.headers()['rsc'] || !req.url().includes('/threads')) return;
    const t = req.timing();
    rsc = { start: t.startTime, end: t.startTime + t.responseEnd };
  });
  async function measure(change: (p: Page) => Promise<unknown>): Promise<{ ms: number; server: number }> {
    await page.goto(`http://127.0.0.1:${APP_PORT}/demo-community/threads`);
    await page.waitForLoadState('networkidle');
    // Timed in the page: from the member's first input event to the new rows on screen.
    // A string, not a function: the TypeScript loader would wrap named functions in helpers the page lacks.
    await page.evaluate(`(() => {
      window.__t0 = 0;
      window.__t1 = 0;
      const start = () => { if (!window.__t0) window.__t0 = performance.now(); };
      for (const ev of ['change', 'click', 'input', 'keydown']) document.addEventListener(ev, start, true);
      const href = location.href;
      const observer = new MutationObserver(() => {
        const table = document.querySelector('table[aria-label="Threads"]');
        if (location.href !== href && table && !table.hasAttribute('aria-busy')) {
          window.__t1 = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    rsc = null;
    await change(page);
    await page.waitForFunction(() => (window as unknown as { __t1: number }).__t1 > 0, undefined, {
      timeout: 30_000,
    });
    const ms = Math.round(
      await page.evaluate(() => {
        const w = window as unknown as { __t0: number; __t1: number };
        return w.__t1 - w.__t0;
      }),
    );
    const answered = rsc as { start: number; end: number } | null;
    return { ms, server: answered ? Math.round(answered.end - answered.start) : NaN };
  }

  for (let i = 0; i < CHANGES; i++) {
    const [name, change] = filters[i % filters.length]!;
    const { ms, server } = await measure(change);
    times.push(ms);
    if (!name.startsWith('text')) untyped.push(ms);
    if (!Number.isNaN(server)) serverParts.push(server);
    if (i < filters.length) console.log(`[bench]   ${name}: ${ms} ms (RSC request ${server} ms)`);
  }
  for (let i = 0; i < 6; i++) {
    const [name, change] = paused[i % paused.length]!;
    const { ms, server } = await measure(change);
    pauses.push(ms);
    if (i < paused.length) console.log(`[bench]   ${name}: ${ms} ms (RSC request ${server} ms)`);
  }
  console.log(
    `[bench] filter change to new first page, ${times.length} changes: p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms (text searches committed with Enter)`,
  );
  console.log(
    `[bench] without the text filters, ${untyped.length} changes: p50 ${percentile(untyped, 50)} ms, p95 ${percentile(untyped, 95)} ms`,
  );
  console.log(
    `[bench] text searches left to the typing pause, ${pauses.length}: p50 ${percentile(pauses, 50)} ms, p95 ${percentile(pauses, 95)} ms (300 ms of it the pause)`,
  );
  if (serverParts.length) {
    console.log(
      `[bench] of which the RSC request (server + network): p50 ${percentile(serverParts, 50)} ms, p95 ${percentile(serverParts, 95)} ms`,
    );
  }
  await browser.close();
}

runBench(main);

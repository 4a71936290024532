/**
 * The attachments grid over a large index, in Chromium: scroll it from the first file to the last
 * and count what the page had in the DOM at most and what it asked the server for, against the
 * number of files. Needs a production build (`npx next build`).
 *
 *   npx tsx bench/attachments-grid.ts [--messages 200000] [--reuse]
 *
 * It starts the demo site with that many messages (about 6 % of them carry 1–3 files) and BM Desk
 * on a fresh data folder with the demo site connected, waits until the index holds the files,
 * then scrolls twice: a fling from top to bottom (a moderator dragging the scrollbar), then a
 * page-by-page read of the first screens with a pause on each. Nothing here is a test.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { numberArg, runBench, startBenchStack } from './support';

const MESSAGES = numberArg('messages', 200_000);
const MIN_FILES = numberArg('min-files', 10_000);
const READ_SCREENS = numberArg('screens', 15);
const REUSE = process.argv.includes('--reuse');
const SITE_PORT = 8390;
const APP_PORT = 3390;
const BASE = `http://127.0.0.1:${APP_PORT}`;
const work = path.resolve('data/bench-attachments');

/** Waits until the backfill is complete and the file count has stopped growing past the minimum. */
async function waitForFiles(page: Page): Promise<number> {
  let last = -1;
  for (;;) {
    await page.goto(`${BASE}/demo-community`);
    const status = await page.getByTestId('sync-status').innerText();
    await page.goto(`${BASE}/demo-community/attachments`);
    const files = Number((await page.getByTestId('files-total').innerText()).replace(/\D/g, ''));
    process.stderr.write(
      `\r[bench] ${files.toLocaleString('en')} files in the index; ${status.split('\n')[0]}   `,
    );
    if (/Complete/.test(status) && files >= MIN_FILES && files === last) return files;
    last = files;
    await page.waitForTimeout(10_000);
  }
}

type Sample = { nodes: number; cells: number; images: number };

/** Installs a per-frame sampler of the DOM in the page; read back with `readSamples`. */
async function startSampling(page: Page) {
  // A string, not a function: the TypeScript loader would wrap named functions in helpers the page lacks.
  await page.evaluate(`(() => {
    window.__max = { nodes: 0, cells: 0, images: 0 };
    const tick = () => {
      const m = window.__max;
      m.nodes = Math.max(m.nodes, document.getElementsByTagName('*').length);
      m.cells = Math.max(m.cells, document.querySelectorAll('[data-testid="grid-file"]').length);
      m.images = Math.max(m.images, document.querySelectorAll('[data-testid="file-thumb"]').length);
      window.__raf = requestAnimationFrame(tick);
    };
    tick();
  })()`);
}

const readSamples = (page: Page) => page.evaluate(`window.__max`) as Promise<Sample>;

async function main() {
  const { browser, page } = await startBenchStack({
    work,
    sitePort: SITE_PORT,
    appPort: APP_PORT,
    messages: MESSAGES,
    reuse: REUSE,
    viewport: { width: 1400, height: 1000 },
  });
  const files = await waitForFiles(page);
  console.log(
    `\n[bench] ${MESSAGES.toLocaleString('en')} messages, ${files.toLocaleString('en')} files in the index`,
  );

  const thumbs = new Set<string>();
  let thumbRequests = 0;
  let chunkRequests = 0;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/^\/demo-community\/files\/\d+$/.test(url.pathname)) {
      thumbRequests++;
      thumbs.add(url.pathname);
    }
    if (url.pathname === '/demo-community/attachments/rows') chunkRequests++;
  });
  const reset = () => {
    thumbs.clear();
    thumbRequests = 0;
    chunkRequests = 0;
  };
  const grid = page.getByTestId('attachments-grid');

  // 1. The fling: 1,500 px a frame from the first file to the last, then rest at the bottom.
  await page.goto(`${BASE}/demo-community/attachments?view=grid`);
  await grid.waitFor();
  await page.waitForLoadState('networkidle');
  const atRest = { thumbs: thumbRequests, chunks: chunkRequests };
  reset();
  await startSampling(page);
  const started = Date.now();
  const frames = (await page.evaluate(`new Promise((done) => {
    const el = document.querySelector('[data-testid="attachments-grid"]');
    let frames = 0;
    const step = () => {
      frames++;
      el.scrollTop += 1500;
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) done(frames);
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`)) as number;
  const flingMs = Date.now() - started;
  await page.waitForTimeout(1500);
  await page.waitForLoadState('networkidle');
  const fling = await readSamples(page);
  const windowText = await page.getByTestId('grid-window').innerText();
  console.log(
    `[bench] first screen: ${atRest.thumbs} thumbnail requests, ${atRest.chunks} chunk requests (the first chunk comes with the page)`,
  );
  console.log(
    `[bench] fling top→bottom: ${frames} frames in ${(flingMs / 1000).toFixed(1)} s; at most ${fling.cells} file cells and ${fling.nodes} DOM elements in the page; ` +
      `${thumbRequests} thumbnail requests (${thumbs.size} distinct) and ${chunkRequests} chunk requests (of ${Math.ceil(files / 100)}) for ${files.toLocaleString('en')} files; at rest: ${windowText}`,
  );

  // 2. Reading: one screen at a time with a 600 ms look at each, from the top.
  await page.goto(`${BASE}/demo-community/attachments?view=grid`);
  await grid.waitFor();
  await page.waitForLoadState('networkidle');
  reset();
  await startSampling(page);
  for (let i = 0; i < READ_SCREENS; i++) {
    await grid.evaluate((el) => el.scrollBy(0, el.clientHeight));
    await page.waitForTimeout(600);
  }
  await page.waitForLoadState('networkidle');
  const read = await readSamples(page);
  const seen = await grid.evaluate(
    (el, screens) => Math.round(((screens + 1) * el.clientHeight) / 262) * Math.floor(el.clientWidth / 196),
    READ_SCREENS,
  );
  console.log(
    `[bench] reading ${READ_SCREENS} screens: at most ${read.cells} file cells, ${read.nodes} DOM elements; ` +
      `${thumbRequests} thumbnail requests (${thumbs.size} distinct) and ${chunkRequests} chunk requests for about ${seen} files passed`,
  );
  await browser.close();
}

runBench(main);

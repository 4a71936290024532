/**
 * What the browser benchmarks share: a demo site of a given size and BM Desk (production build)
 * on their own ports and data folder, signed in as the bootstrapped demo owner in Debian's
 * Chromium, and the arithmetic of their figures. Nothing here is a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const require = createRequire(import.meta.url);

/** `--name 123` from the command line, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function waitForUrl(url: string, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    const up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer in ${seconds} s`);
}

export type BenchStack = { base: string; browser: Browser; page: Page };

const children: ChildProcess[] = [];

/** Stops the demo site and BM Desk a benchmark started (also on exit and on Ctrl-C). */
export function stopBenchStack(): void {
  for (const c of children.splice(0)) c.kill('SIGTERM');
}

process.on('exit', stopBenchStack);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopBenchStack();
    process.exit(1);
  });
}

/** Runs a benchmark's main, then stops what it started, whatever happened. */
export function runBench(main: () => Promise<void>): void {
  main()
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(stopBenchStack);
}

/**
 * Starts the demo site with `messages` messages and BM Desk on a data folder under `work`
 * (kept with `reuse`, so an earlier run's filled index serves again), signs the demo owner in
 * and returns the page.
 */
export async function startBenchStack(o: {
  work: string;
  sitePort: number;
  appPort: number;
  messages: number;
  reuse: boolean;
  viewport?: { width: number; height: number };
}): Promise<BenchStack> {
  const run = (args: string[], env: Record<string, string> = {}) => {
    children.push(
      spawn(process.execPath, args, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...env },
      }),
    );
  };
  if (!o.reuse) fs.rmSync(o.work, { recursive: true, force: true });
  fs.mkdirSync(o.work, { recursive: true });
  run([
    require.resolve('tsx/cli'),
    'demo-site/server.ts',
    '--port',
    String(o.sitePort),
    '--data-dir',
    path.join(o.work, 'site'),
    '--size',
    String(o.messages),
    ...(o.reuse ? [] : ['--reset']),
  ]);
  await waitForUrl(`http://127.0.0.1:${o.sitePort}/wp-json/`, 600);
  // Build with `BMDESK_DIST_DIR=.next-bench npx next build` to keep clear of the e2e suite's build;
  // DATABASE_URL and BMDESK_SECRET_KEY from the environment run it on PostgreSQL.
  run([require.resolve('next/dist/bin/next'), 'start', '-p', String(o.appPort), '-H', '127.0.0.1'], {
    BMDESK_DATA_DIR: path.join(o.work, 'app'),
    BMDESK_DEMO_BOOTSTRAP: path.join(o.work, 'site', 'credentials.env'),
  });
  const base = `http://127.0.0.1:${o.appPort}`;
  await waitForUrl(`${base}/api/health`, 120);
  const [email, password] = fs
    .readFileSync(path.join(o.work, 'app', 'demo-login.txt'), 'utf8')
    .trim()
    .split('\n');

  const browser = await chromium.launch(chromiumLaunchOptions);
  const page = await browser.newPage(o.viewport ? { viewport: o.viewport } : {});
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email!);
  await page.getByLabel('Password').fill(password!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/demo-community/);
  return { base, browser, page };
}

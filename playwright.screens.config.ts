/**
 * Screenshots of every desk page, compared pixel by pixel (`npm run screens`): taken with
 * `--update-snapshots` on the commit before a change, then compared on the commit after it, to show
 * that a change meant to be invisible (a refactor) left every page as users see it.
 * The servers are the e2e suite's, on the same E2E_* ports and folders.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 8091);
const SITE_DATA_DIR = process.env.E2E_SITE_DATA_DIR ?? 'data/e2e-site';
// The baseline usually lives outside the checkout: it is taken in a worktree of the old commit.
const SCREENS_DIR = process.env.SCREENS_DIR ?? 'data/screens';

export default defineConfig({
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  snapshotPathTemplate: `${SCREENS_DIR}/{arg}{ext}`,
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    // The members' theme is "system": the browser's preference decides it.
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  },
  projects: [
    { name: 'first-run', testDir: 'e2e', testMatch: /first-run\.spec\.ts/ },
    { name: 'screens', testDir: 'e2e-screens', testMatch: /\.spec\.ts/, dependencies: ['first-run'] },
  ],
  webServer: [
    {
      command: `npx tsx demo-site/server.ts --port ${SITE_PORT} --data-dir ${SITE_DATA_DIR} --size small --reset`,
      url: `http://127.0.0.1:${SITE_PORT}/wp-json/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `npx tsx scripts/e2e-app.ts ${APP_PORT}`,
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});

import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 8091);
// Several suites may run side by side on one machine when each has its own ports and folders.
const SITE_DATA_DIR = process.env.E2E_SITE_DATA_DIR ?? 'data/e2e-site';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: 'first-run', testMatch: /first-run\.spec\.ts/ },
    { name: 'desk', testMatch: /\.spec\.ts/, testIgnore: /first-run\.spec\.ts/, dependencies: ['first-run'] },
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

/**
 * The browser walk on a real WordPress with the real Better Messages plugin (`npm run test:e2e:real`,
 * which starts the site and passes its BM_SITE_* variables). BM Desk runs as a production build on
 * its own port and data directory, beside the demo-site suite's.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const APP_PORT = Number(process.env.E2E_REAL_APP_PORT ?? 3300);

if (!process.env.BM_SITE_URL) {
  throw new Error('The real-site walk needs the BM_SITE_* variables: run it with npm run test:e2e:real.');
}

export default defineConfig({
  testDir: 'e2e-real',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 150_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  outputDir: 'test-results/e2e-real',
  webServer: [
    {
      command: `npx tsx scripts/e2e-app.ts ${APP_PORT}`,
      // E2E_REAL_DATA_DIR keeps runs side by side apart (the demo suite's E2E_DATA_DIR is another folder).
      env: { E2E_DATA_DIR: process.env.E2E_REAL_DATA_DIR ?? 'data/e2e-real' },
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});

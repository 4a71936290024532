import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const OWNER = { name: 'Olive Owner', email: 'owner@e2e.test', password: 'owner-password-e2e-1' };
export const SUPPORT = { name: 'Sam Support', email: 'support@e2e.test', password: 'support-password-e2e-1' };

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-member')).toBeVisible();
}

/** The demo site the e2e webServer started: its printed credentials. */
export function demoSite() {
  const file = path.resolve('data/e2e-site/credentials.env');
  const vars = Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => {
        const i = l.indexOf('=');
        return [
          l.slice(0, i).trim(),
          l
            .slice(i + 1)
            .trim()
            .replace(/^['"]|['"]$/g, ''),
        ];
      }),
  );
  return vars as Record<string, string>;
}

export function serverLog(): string {
  return fs.readFileSync(path.resolve('data/e2e/server.log'), 'utf8');
}

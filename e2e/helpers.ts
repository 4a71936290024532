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
  const file = path.resolve(process.env.E2E_SITE_DATA_DIR ?? 'data/e2e-site', 'credentials.env');
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
  return fs.readFileSync(path.resolve(process.env.E2E_DATA_DIR ?? 'data/e2e', 'server.log'), 'utf8');
}

/** Asks the demo site itself (not BM Desk) what is true, as a given user (1 = admin, 2–4 members). */
export async function siteApi(
  route: string,
  { method = 'GET', body, user = 1 }: { method?: string; body?: unknown; user?: 1 | 2 | 3 | 4 } = {},
): Promise<{ status: number; json: unknown }> {
  const site = demoSite();
  const n = user === 1 ? '' : String(user);
  const auth = Buffer.from(`${site[`BM_SITE_USER${n}`]}:${site[`BM_SITE_APP_PASSWORD${n}`]}`).toString(
    'base64',
  );
  const res = await fetch(`${site.BM_SITE_URL}/wp-json/better-messages/v1${route}`, {
    method,
    headers: { Authorization: `Basic ${auth}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, json };
}

type ThreadBundle = {
  threads: { thread_id: number; type: string; subject: string; participants: number[] }[];
};

/** The thread as the site's admin sees it, or the error code the site answers. */
export async function siteThread(threadId: number, user: 1 | 2 | 3 | 4 = 1) {
  const r = await siteApi(`/thread/${threadId}`, { method: 'POST', body: { messages: [] }, user });
  if (r.status !== 200) return { error: (r.json as { code?: string }).code ?? String(r.status) };
  return { thread: (r.json as ThreadBundle).threads[0]! };
}

/** The id of a server action in this build, as the browser would send it. */
export function actionId(exportName: string, fileHint: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(
      path.resolve(process.env.BMDESK_DIST_DIR ?? '.next', 'server/server-reference-manifest.json'),
      'utf8',
    ),
  ) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const match = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportName && (entry.filename ?? '').includes(fileHint),
  );
  if (!match) throw new Error(`no server action ${exportName} in ${fileHint} in the build manifest`);
  return match[0];
}

/**
 * The real WordPress + Better Messages site of the walk, asked directly over its REST API (never
 * through BM Desk's client): what it answers is the truth each step is checked against.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from '@playwright/test';

export type Who = 'admin' | 'alice' | 'bob' | 'carol';
const SUFFIX: Record<Who, string> = { admin: '', alice: '2', bob: '3', carol: '4' };

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`The real-site walk needs ${name}: run it through npm run test:e2e:real.`);
  return value;
}

export const real = {
  url: env('BM_SITE_URL'),
  login: (who: Who) => env(`BM_SITE_USER${SUFFIX[who]}`),
  password: (who: Who) => env(`BM_SITE_APP_PASSWORD${SUFFIX[who]}`),
  id: (who: Who) => Number(env(`BM_SITE_USER${SUFFIX[who]}_ID`)),
  loginPassword: () => env('BM_SITE_WP_LOGIN_PASSWORD'),
};

export async function wp(
  route: string,
  { method = 'GET', body, as = 'admin' }: { method?: string; body?: unknown; as?: Who } = {},
): Promise<{ status: number; json: unknown }> {
  const basic = Buffer.from(`${real.login(as)}:${real.password(as)}`).toString('base64');
  const res = await fetch(`${real.url}/wp-json${route}`, {
    method,
    headers: { authorization: `Basic ${basic}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: text };
  }
}

/** A Better Messages route that must succeed; answers its JSON. */
export async function bm<T = unknown>(
  route: string,
  options: { method?: string; body?: unknown; as?: Who } = {},
): Promise<T> {
  const r = await wp(`/better-messages/v1${route}`, options);
  expect(r.status, `${options.method ?? 'GET'} ${route}: ${JSON.stringify(r.json).slice(0, 300)}`).toBe(200);
  return r.json as T;
}

/** Uploads a file as a member, the way the plugin's own uploader does (success is `result:false` with an id). */
export async function upload(as: Who, threadId: number, file: { name: string; type: string; body: Buffer }) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.body)], { type: file.type }), file.name);
  const basic = Buffer.from(`${real.login(as)}:${real.password(as)}`).toString('base64');
  const res = await fetch(`${real.url}/wp-json/better-messages/v1/thread/${threadId}/upload`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: form,
  });
  const body = (await res.json()) as { id?: number };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.id).toBeGreaterThan(0);
  return Number(body.id);
}

type ThreadItem = {
  thread_id: number;
  subject: string;
  participants: number[];
  restricted?: { ban?: Record<string, number> } | unknown[];
};
type Bundle = { threads: ThreadItem[]; messages: { message_id: number; meta?: { isPending?: boolean } }[] };

/** The thread as `as` sees it, or the error code the site answers. */
export async function thread(
  threadId: number,
  as: Who = 'admin',
): Promise<{ thread?: ThreadItem; messageIds?: number[]; error?: string }> {
  const r = await wp(`/better-messages/v1/thread/${threadId}`, { method: 'POST', body: {}, as });
  if (r.status !== 200) return { error: (r.json as { code?: string }).code ?? String(r.status) };
  const bundle = r.json as Bundle;
  return { thread: bundle.threads[0], messageIds: bundle.messages.map((m) => m.message_id) };
}

export type AdminPage = {
  messages: { id: string | number; thread_id: string | number; is_pending?: boolean; reports?: unknown[] }[];
  reported: number;
  pending: number;
};

export function adminMessages(query: string): Promise<AdminPage> {
  return bm<AdminPage>(`/admin/getMessages?${query}`);
}

export async function settings(): Promise<Record<string, unknown>> {
  return (await bm<{ settings: Record<string, unknown> }>('/admin/settings/get')).settings;
}

export async function saveSettings(patch: Record<string, unknown>) {
  await bm('/admin/settings/save', { method: 'POST', body: patch });
}

/** Whether the plugin serves its reports routes now (they vanish while reports are off). */
export async function reportsRouteAnswers(): Promise<boolean> {
  const r = await wp('/better-messages/v1/reports/deleteReport', { method: 'POST', body: {} });
  return (r.json as { code?: string }).code !== 'rest_no_route';
}

export async function setPluginActive(active: boolean) {
  const r = await wp('/wp/v2/plugins/bp-better-messages/bp-better-messages', {
    method: 'POST',
    body: { status: active ? 'active' : 'inactive' },
  });
  expect(r.status).toBe(200);
}

const siteDir = process.env.BM_REAL_SITE_DIR ?? '/tmp/bm-real-site';
const scripts = path.dirname(process.env.BM_REAL_SITE_START ?? path.resolve('../shared/real-site/start'));

/** Stops or starts the site's PHP server with the real-site scripts (start reuses the database). */
export function siteServer(action: 'start' | 'stop') {
  // start prints the passwords: keep its stdout out of the test output.
  const r = spawnSync(path.join(scripts, action), [], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`real-site ${action}: ${r.stderr}`);
}

/**
 * Puts the plugin's stored settings back in the state of a site that never saved them from the
 * plugin's admin page, with reports switched on: no stored messagesViewer, no updateTime. The
 * plugin's loader then forces allowReports off. Only WordPress's own PHP can write that option.
 */
export function forgetStoredViewerSetting() {
  const php = `
    $_SERVER['HTTP_HOST'] = parse_url(getenv('BM_SITE_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('BM_SITE_URL'), PHP_URL_PORT);
    $_SERVER['REQUEST_URI'] = '/'; $_SERVER['REQUEST_METHOD'] = 'GET';
    require getenv('WP_DIR') . '/wp-load.php';
    $o = get_option('bp-better-chat-settings', []);
    unset($o['messagesViewer'], $o['updateTime']);
    $o['allowReports'] = '1';
    update_option('bp-better-chat-settings', $o);
    echo 'ok';`;
  const r = spawnSync('php', ['-r', php], {
    encoding: 'utf8',
    env: { ...process.env, WP_DIR: path.join(siteDir, 'wp') },
  });
  if (r.status !== 0 || !r.stdout.endsWith('ok')) throw new Error(`php: ${r.stderr}${r.stdout}`);
}

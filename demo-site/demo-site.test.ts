import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from './index';

let site: DemoSite;
let dir: string;

const auth = (n: '' | '2' | '3' | '4' = '') =>
  'Basic ' +
  Buffer.from(
    `${site.credentials[`BM_SITE_USER${n}`]}:${site.credentials[`BM_SITE_APP_PASSWORD${n}`]}`,
  ).toString('base64');

async function call(
  route: string,
  init: { method?: string; user?: '' | '2' | '3' | '4' | null; body?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (init.user !== null) headers.Authorization = auth(init.user ?? '');
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${site.url}/wp-json${route}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    json: json as Record<string, unknown> & unknown[],
    text,
    headers: res.headers,
  };
}

const control = (method: string, p: string, body?: unknown) =>
  fetch(`${site.url}/__demo/${p}`, {
    method,
    headers: {
      'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN ?? '',
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-site-'));
  site = await startDemoSite({ port: 0, dataDir: dir, seed: 1, size: 'small', reset: true });
});

afterAll(async () => {
  await site?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('discovery and auth', () => {
  it('lists the plugin namespace in the index, also via ?rest_route=', async () => {
    const r = await call('/', { user: null });
    expect(r.json.namespaces).toContain('better-messages/v1');
    expect(r.json.namespaces).toContain('wp/v2');
    const q = await fetch(`${site.url}/?rest_route=/better-messages/v1/admin/getMessages`, {
      headers: { Authorization: auth() },
    });
    expect(q.status).toBe(200);
    expect(fs.readFileSync(path.join(dir, 'credentials.env'), 'utf8')).toContain('BM_SITE_APP_PASSWORD4=');
  });

  it('answers 401 to a wrong password and 403 to a subscriber on admin routes', async () => {
    const wrong = await fetch(`${site.url}/wp-json/better-messages/v1/admin/getMessages`, {
      headers: { Authorization: 'Basic ' + Buffer.from('admin:nope').toString('base64') },
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('rest_forbidden');
    expect((await call('/wp/v2/users/me', { user: null })).json.code).toBe('rest_not_logged_in');
    const sub = await call('/better-messages/v1/admin/getMessages', { user: '2' });
    expect([sub.status, sub.json.code]).toEqual([403, 'rest_forbidden']);
    const me = await call('/wp/v2/users/me?context=edit');
    expect(me.json.roles).toEqual(['administrator']);
  });

  it('accepts the application password with or without spaces', async () => {
    const raw = (site.credentials.BM_SITE_APP_PASSWORD ?? '').replace(/ /g, '');
    const r = await fetch(`${site.url}/wp-json/wp/v2/users/me`, {
      headers: { Authorization: 'Basic ' + Buffer.from(`admin:${raw}`).toString('base64') },
    });
    expect(r.status).toBe(200);
  });
});

describe('threads', () => {
  it('answers 403 rest_thread_not_exists for a missing thread and lets admins open any thread', async () => {
    const missing = await call('/better-messages/v1/thread/999999', { method: 'POST' });
    expect([missing.status, missing.json.code]).toEqual([403, 'rest_thread_not_exists']);
    const outsider = await call('/better-messages/v1/thread/1', { method: 'POST', user: '4' });
    expect(outsider.json.code).toBe('rest_thread_forbidden');
    const admin = await call('/better-messages/v1/thread/1', { method: 'POST' });
    const thread = (admin.json.threads as Record<string, unknown>[])[0];
    expect(thread?.adminAccess).toBe(true);
    expect(thread?.lastTime).toBe(0);
  });

  it('returns soft failures with HTTP 200 and strips scripts on send', async () => {
    const empty = await call('/better-messages/v1/thread/1/send', {
      method: 'POST',
      user: '2',
      body: { message: '' },
    });
    expect(empty.status).toBe(200);
    expect(empty.json.result).toBe(false);
    expect(empty.json.errors).toHaveProperty('empty');
    const ok = await call('/better-messages/v1/thread/1/send', {
      method: 'POST',
      user: '2',
      body: { message: 'Hi <b>bob</b><script>x()</script>' },
    });
    const msg = (ok.json.update as { messages: { message: string }[] }).messages[0];
    expect(msg?.message).toBe('Hi <b>bob</b>');
  });

  it('banUser removes the participant (duration in minutes)', async () => {
    const ban = await call('/better-messages/v1/thread/2/banUser', {
      method: 'POST',
      body: { user_id: 4, duration: 5 },
    });
    expect(ban.status).toBe(200);
    expect((ban.json.threads as { participants: number[] }[])[0]?.participants).not.toContain(4);
    const after = await call('/better-messages/v1/thread/2', { method: 'POST', user: '4' });
    expect([after.status, after.json.code]).toEqual([403, 'rest_thread_forbidden']);
  });

  it('puts a blacklisted sender in the pending queue', async () => {
    await call('/better-messages/v1/admin/blacklistUser', { method: 'POST', body: { userId: 3 } });
    const sent = await call('/better-messages/v1/thread/1/send', {
      method: 'POST',
      user: '3',
      body: { message: 'pending please' },
    });
    const msg = (sent.json.update as { messages: { message_id: number; meta: Record<string, unknown> }[] })
      .messages[0];
    expect(msg?.meta.isPending).toBe(true);
    const pending = await call('/better-messages/v1/admin/getMessages?pending=1');
    expect((pending.json.messages as { id: string }[]).map((m) => m.id)).toContain(String(msg?.message_id));
  });
});

describe('admin messages viewer', () => {
  it('returns every listed existing id for message_ids[], with string ids', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    const q = [...ids, 99_999_999].map((id) => `message_ids[]=${id}`).join('&');
    const r = await call(`/better-messages/v1/admin/getMessages?${q}`);
    const got = (r.json.messages as { id: string }[]).map((m) => m.id);
    expect(got).toHaveLength(60);
    expect(got[0]).toBe('1');
    expect(r.json).toMatchObject({ perPage: 20, page: 1 });
    expect(typeof r.json.reported).toBe('number');
  });

  it('pages 20 rows newest first with a site-local time string', async () => {
    const r = await call('/better-messages/v1/admin/getMessages?page=2');
    const rows = r.json.messages as { id: string; time: string }[];
    expect(rows).toHaveLength(20);
    expect(rows[0]?.time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

describe('settings-dependent routes', () => {
  it('serves reports while allowReports is on, rest_no_route when off', async () => {
    expect((await call('/better-messages/v1/reports/getReasons', { user: '2' })).json).toHaveProperty('spam');
    await call('/better-messages/v1/admin/settings/save', { method: 'POST', body: { allowReports: '0' } });
    const off = await call('/better-messages/v1/reports/getReasons', { user: '2' });
    expect([off.status, off.json.code]).toEqual([404, 'rest_no_route']);
    const bad = await call('/better-messages/v1/admin/settings/save', { method: 'POST', body: {} });
    expect(bad.json.code).toBe('invalid_data');
    await call('/better-messages/v1/admin/settings/save', { method: 'POST', body: { allowReports: '1' } });
    expect((await call('/better-messages/v1/admin/getThreads')).json.code).toBe('rest_no_route');
  });
});

describe('faults', () => {
  it('rejects control calls without the token', async () => {
    expect((await fetch(`${site.url}/__demo/stats`)).status).toBe(403);
  });

  it('injects 429, maintenance, malformed JSON, revoked passwords and plugin-missing', async () => {
    await control('POST', 'faults', {
      rateLimit: { retryAfterSeconds: 7 },
      only: '/better-messages/v1/admin/getMessages',
    });
    const limited = await call('/better-messages/v1/admin/getMessages');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await call('/wp/v2/users/me')).status).toBe(200);

    await control('POST', 'faults', { maintenance: true });
    expect((await call('/')).status).toBe(503);

    await control('POST', 'faults', { malformedJson: true });
    const broken = await call('/better-messages/v1/admin/getMessages');
    expect([broken.status, broken.json]).toEqual([200, undefined]);

    await control('POST', 'faults', { revokePassword: 'admin' });
    expect((await call('/wp/v2/users/me')).status).toBe(401);

    await control('POST', 'faults', { mode: 'plugin-missing' });
    expect((await call('/')).json.namespaces).not.toContain('better-messages/v1');
    expect((await call('/better-messages/v1/admin/getMessages')).json.code).toBe('rest_no_route');

    await control('DELETE', 'faults');
    await control('POST', 'faults', { maxInputVars: 5 });
    const q = Array.from({ length: 10 }, (_, i) => `message_ids[]=${i + 1}`).join('&');
    expect(
      ((await call(`/better-messages/v1/admin/getMessages?${q}`)).json.messages as unknown[]).length,
    ).toBe(5);

    await control('DELETE', 'faults');
    expect((await call('/wp/v2/users/me')).status).toBe(200);
    const stats = (await (await control('GET', 'stats')).json()) as { total: number };
    expect(stats.total).toBeGreaterThan(10);
  });

  it('plays a site without pretty permalinks: /wp-json/ is a 404 page, ?rest_route= answers', async () => {
    await control('POST', 'faults', { plainPermalinks: true });
    const pretty = await call('/wp/v2/users/me');
    expect([pretty.status, pretty.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    const query = await fetch(`${site.url}/?rest_route=/wp/v2/users/me&context=edit`, {
      headers: { Authorization: auth() },
    });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { roles: string[] }).roles).toEqual(['administrator']);
    await control('DELETE', 'faults');
    expect((await call('/wp/v2/users/me')).status).toBe(200);
  });
});

describe('files', () => {
  it('serves seeded attachments with their content type', async () => {
    const rows = await call('/better-messages/v1/admin/getMessages?search=BM-ONLY-FILES');
    const first = (rows.json.messages as { thread_id: string }[])[0];
    expect(first).toBeDefined();
    const list = await call(`/better-messages/v1/thread/${first?.thread_id}/attachments`);
    const file = (list.json.files as { url: string; mimeType: string }[])[0];
    const res = await fetch(file?.url ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(file?.mimeType);
  });
});

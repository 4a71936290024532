import util from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BmError } from './errors';
import { createBmClient } from './http';
import { probeSite } from './probe';
import { closedPortUrl, html, json, startTestServer, type TestServer } from '@/tests/support/test-server';

const username = 'admin';
const appPassword = 'Zq7x Kp2m Wv9n Rt4s Yb6c Hd8f';
const base64 = Buffer.from(`${username}:${appPassword}`).toString('base64');
const ping = { method: 'GET', route: '/better-messages/v1/ping', schema: z.string() } as const;

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await other.close();
});

function assertClean(value: unknown) {
  for (const text of [
    JSON.stringify(value),
    String(value),
    util.inspect(value, { depth: 10, showHidden: true }),
  ]) {
    expect(text).not.toContain(appPassword);
    expect(text).not.toContain(appPassword.replace(/ /g, ''));
    expect(text).not.toContain(base64);
    expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  }
}

async function errorOf(promise: Promise<unknown>): Promise<BmError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BmError);
    return error as BmError;
  }
  throw new Error('expected an error');
}

describe('the password never leaks', () => {
  const scenarios: Array<[string, (res: import('node:http').ServerResponse) => void, object?]> = [
    // A hostile or broken site echoing the credentials back must not get them into our errors.
    [
      'http',
      (res) =>
        json(res, 500, { code: 'boom', message: `echo ${appPassword} ${base64}`, data: { status: 500 } }),
    ],
    [
      'auth',
      (res) =>
        json(res, 401, { code: 'incorrect_password', message: `Basic ${base64}`, data: { status: 401 } }),
    ],
    ['refused', (res) => json(res, 200, { result: false, errors: [`you sent ${appPassword}`] })],
    ['bad-response', (res) => html(res, 503, `<p>${appPassword}</p>`), { maxRetries: 0 }],
    ['bad-response', (res) => json(res, 200, { value: appPassword })],
    ['timeout', () => undefined, { timeoutMs: 150 }],
    [
      'redirect',
      (res) => {
        res.writeHead(302, { location: `${other.url}/?p=${encodeURIComponent(appPassword)}` });
        res.end();
      },
    ],
  ];

  it.each(scenarios)('%s error', async (kind, answer, extra) => {
    server.handle((_req, res) => answer(res));
    const client = createBmClient({ siteUrl: server.url, username, appPassword, retryBaseMs: 1, ...extra });
    const error = await errorOf(client.request({ ...ping, schema: z.object({ value: z.number() }) }));
    expect(error.kind).toBe(kind);
    assertClean(error);
    assertClean(client);
  });

  it('unreachable and blocked-address errors', async () => {
    const closed = createBmClient({ siteUrl: await closedPortUrl(), username, appPassword, maxRetries: 0 });
    const unreachable = await errorOf(closed.request(ping));
    expect(unreachable.kind).toBe('unreachable');
    assertClean(unreachable);
    const blocked = createBmClient({ siteUrl: 'http://169.254.169.254', username, appPassword });
    const error = await errorOf(blocked.request(ping));
    expect(error.kind).toBe('blocked-address');
    assertClean(error);
  });

  it('probe failures', async () => {
    server.handle((_req, res) =>
      json(res, 401, { code: 'incorrect_password', message: appPassword, data: { status: 401 } }),
    );
    const result = await probeSite({ siteUrl: server.url, username, appPassword });
    expect(result.ok).toBe(false);
    assertClean(result);
  });
});

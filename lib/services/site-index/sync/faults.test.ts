/** How long the sync waits after a fault: its own backoff, or longer when the site asks for it. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBmClient, getAdminMessages } from '@/lib/infra/better-messages';
import { html, json, startTestServer, type TestServer } from '@/tests/support/test-server';
import { DEFAULT_SYNC_OPTIONS } from './context';
import { describeFault } from './faults';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function faultOf(respond: Parameters<TestServer['handle']>[0]) {
  server.handle(respond);
  const client = createBmClient({
    siteUrl: server.url,
    username: 'admin',
    appPassword: 'abcd efgh ijkl',
    maxRetries: 0,
  });
  const error = await getAdminMessages(client).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).not.toBeNull();
  return describeFault(error, 0, DEFAULT_SYNC_OPTIONS);
}

it('waits as long as a 429 Retry-After asks, and says so', async () => {
  const fault = await faultOf((_req, res) =>
    json(
      res,
      429,
      { code: 'too_many', message: 'Slow down', data: { status: 429 } },
      { 'retry-after': '120' },
    ),
  );
  expect(fault.kind).toBe('rate-limited');
  expect(fault.waitMs).toBe(120_000);
  expect(fault.message).toMatch(/asked to wait 120 s/);
});

it('never waits longer than its own longest backoff, whatever the site asks', async () => {
  const fault = await faultOf((_req, res) =>
    html(res, 503, '<h1>Maintenance</h1>', { 'retry-after': '86400' }),
  );
  expect(fault.waitMs).toBe(DEFAULT_SYNC_OPTIONS.backoffMaxMs);
});

it('keeps its own backoff when the site names no time', async () => {
  const fault = await faultOf((_req, res) =>
    json(res, 429, { code: 'too_many', message: 'Slow down', data: { status: 429 } }),
  );
  expect(fault.waitMs).toBe(DEFAULT_SYNC_OPTIONS.backoffBaseMs);
  expect(fault.message).not.toMatch(/asked to wait/);
});

import dns from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isBlockedAddress, type LookupFunction } from './address-guard';
import { BmError } from './errors';
import { createBmClient } from './http';
import { json, startTestServer, type TestServer } from '@/tests/support/test-server';

const creds = { username: 'admin', appPassword: 'abcd EFGH ijkl MNOP qrst UVWX' };
const ping = { method: 'GET', route: '/better-messages/v1/ping', schema: z.string() } as const;

/** A lookup that answers `address` for every name, counting calls. */
function fakeLookup(address: string, calls: string[] = []): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  const lookup = (hostname: string, options: dns.LookupOptions, cb: (...args: unknown[]) => void) => {
    calls.push(hostname);
    if (options.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  };
  return lookup as unknown as LookupFunction;
}

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof BmError ? error.kind : String(error);
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, 'pong'));
});
afterAll(() => server.close());

describe('isBlockedAddress', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '0.0.0.0',
    '0.1.2.3',
    '100.100.100.200',
    'fe80::1',
    'febf::1',
    'fd00:ec2::254',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '[::ffff:169.254.169.254]',
    '::',
    '64:ff9b::a9fe:a9fe',
  ])('blocks %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));

  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '192.168.1.10',
    '172.16.0.1',
    '::1',
    'fd00::1',
    '8.8.8.8',
    '100.100.100.201',
  ])('allows %s', (ip) => expect(isBlockedAddress(ip)).toBe(false));
});

describe('connect-time guard', () => {
  it('refuses a literal metadata address without connecting', async () => {
    const c = createBmClient({ siteUrl: 'http://169.254.169.254/', ...creds, timeoutMs: 3000 });
    const started = Date.now();
    expect(await kindOf(c.request(ping))).toBe('blocked-address');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses IPv4-mapped IPv6 literals', async () => {
    const c = createBmClient({ siteUrl: 'http://[::ffff:169.254.169.254]/', ...creds });
    expect(await kindOf(c.request(ping))).toBe('blocked-address');
  });

  it('refuses a hostname that resolves to a link-local address', async () => {
    const calls: string[] = [];
    const c = createBmClient({
      siteUrl: 'http://metadata.example.test/',
      ...creds,
      lookup: fakeLookup('169.254.169.254', calls),
    });
    const error = await c.request(ping).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BmError);
    expect(error).toMatchObject({ kind: 'blocked-address' });
    expect((error as BmError).message).toContain('169.254.169.254');
    expect(calls).toContain('metadata.example.test');
  });

  it('does not retry a blocked address', async () => {
    const calls: string[] = [];
    const c = createBmClient({
      siteUrl: 'http://rebind.example.test/',
      ...creds,
      lookup: fakeLookup('fe80::1', calls),
    });
    expect(await kindOf(c.request(ping))).toBe('blocked-address');
    expect(calls.length).toBe(1);
  });

  it('allows loopback through a hostname (self-hosted and demo sites)', async () => {
    const port = new URL(server.url).port;
    const c = createBmClient({
      siteUrl: `http://my-site.test:${port}`,
      ...creds,
      lookup: fakeLookup('127.0.0.1'),
    });
    expect(await c.request(ping)).toBe('pong');
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/infra/env';
import { clientAddress, PEER_ADDRESS_HEADER, stampPeerAddresses } from './client-address';

const trust = (value?: string) => parseEnv({ BMDESK_TRUSTED_PROXIES: value }).BMDESK_TRUSTED_PROXIES;

let server: http.Server;
let url: string;

beforeAll(async () => {
  stampPeerAddresses();
  // A real server: what the handler sees is what Node's channel stamped from the socket.
  server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function seen(peer: string, forwarded?: string) {
  const headers = new Headers({ [PEER_ADDRESS_HEADER]: peer });
  if (forwarded !== undefined) headers.set('x-forwarded-for', forwarded);
  headers.set('x-real-ip', '203.0.113.99');
  return headers;
}

describe('the connection address stamp', () => {
  it('overwrites a copy the client sent with the socket’s address', async () => {
    const res = await fetch(url, { headers: { [PEER_ADDRESS_HEADER]: '198.51.100.7' } });
    expect(await res.text()).toBe('127.0.0.1');
  });
});

describe('clientAddress', () => {
  it('uses the connection by default, whatever X-Forwarded-For and X-Real-IP claim', () => {
    expect(clientAddress(seen('192.0.2.10', '198.51.100.1'), trust())).toBe('192.0.2.10');
    expect(clientAddress(seen('::ffff:192.0.2.10'), trust())).toBe('192.0.2.10');
    expect(clientAddress(seen('192.0.2.10', '198.51.100.1'), trust('0'))).toBe('192.0.2.10');
  });

  it('with trusted hops, takes the address the nearest proxies vouch for', () => {
    // client 198.51.100.1 → proxy 10.0.0.5 → us; the client itself claimed "1.1.1.1".
    const headers = seen('10.0.0.5', '1.1.1.1, 198.51.100.1');
    expect(clientAddress(headers, trust('1'))).toBe('198.51.100.1');
    expect(clientAddress(seen('10.0.0.6', '1.1.1.1, 198.51.100.1, 10.0.0.5'), trust('2'))).toBe(
      '198.51.100.1',
    );
    // More hops configured than there are: the furthest address known, never "unknown".
    expect(clientAddress(seen('10.0.0.5'), trust('3'))).toBe('10.0.0.5');
  });

  it('with trusted addresses, walks back past the trusted proxies only', () => {
    const proxies = trust('10.0.0.0/8, ::1');
    expect(clientAddress(seen('10.0.0.5', '1.1.1.1, 198.51.100.1, 10.2.3.4'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(seen('::1', '198.51.100.1'), proxies)).toBe('198.51.100.1');
    // A connection not from a trusted proxy: its header is the client's own claim.
    expect(clientAddress(seen('192.0.2.10', '198.51.100.1'), proxies)).toBe('192.0.2.10');
    expect(clientAddress(seen('10.0.0.5', 'garbage, 198.51.100.1'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(seen('10.0.0.5', '10.0.0.9'), proxies)).toBe('10.0.0.9');
  });

  it('refuses a bad setting with words naming it', () => {
    for (const bad of ['yes', '10.0.0.0/33', '10.0.0.1,', 'fe80::/200', '-1', '1.5']) {
      expect(() => trust(bad)).toThrow(/BMDESK_TRUSTED_PROXIES: must be a number of proxy hops/);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { normaliseSiteUrl } from './base-url';
import { BmApiError, BmError, BmRefusal } from './errors';
import { createBmClient } from './http';
import { html, json, routeOf, startTestServer, type TestServer } from '@/tests/support/test-server';

const creds = { username: 'admin', appPassword: 'abcd EFGH ijkl MNOP qrst UVWX' };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function client(extra: Partial<Parameters<typeof createBmClient>[0]> = {}) {
  return createBmClient({ siteUrl: server.url, ...creds, retryBaseMs: 5, timeoutMs: 2000, ...extra });
}

async function caught(promise: Promise<unknown>): Promise<BmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BmError) return error;
    throw error;
  }
  throw new Error('expected a BmError');
}

const ping = { method: 'GET', route: '/better-messages/v1/ping', schema: z.string() } as const;

describe('site address', () => {
  it.each([
    ['https://site.example', 'https://site.example', undefined],
    ['https://site.example/', 'https://site.example', undefined],
    ['https://site.example/wp-json', 'https://site.example', 'pretty'],
    ['https://site.example/wp-json/better-messages/v1', 'https://site.example', 'pretty'],
    ['https://site.example/blog/wp-json/', 'https://site.example/blog', 'pretty'],
    ['https://site.example/?rest_route=/better-messages/v1', 'https://site.example', 'query'],
    ['site.example', 'https://site.example', undefined],
  ])('%s → %s', (input, root, mode) => {
    expect(normaliseSiteUrl(input)).toMatchObject({ root, restMode: mode });
  });

  it('refuses other schemes and credentials in the URL', () => {
    expect(() => normaliseSiteUrl('ftp://x.example')).toThrow(BmError);
    expect(() => normaliseSiteUrl('https://u:p@x.example')).toThrow(/own fields/);
  });

  it('calls /wp-json routes with Basic auth and JSON bodies', async () => {
    server.handle((_req, res) => json(res, 200, 'pong'));
    const c = createBmClient({ siteUrl: `${server.url}/wp-json/better-messages/v1/`, ...creds });
    await c.request({ ...ping, method: 'POST', body: { a: [1, 2] } });
    const req = server.seen.at(-1)!;
    expect(req.url).toBe('/wp-json/better-messages/v1/ping');
    const expected = Buffer.from(`${creds.username}:${creds.appPassword}`).toString('base64');
    expect(req.headers.authorization).toBe(`Basic ${expected}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ a: [1, 2] });
    expect(c.restMode).toBe('pretty');
  });

  it('switches to ?rest_route= when /wp-json/ is a 404 HTML page, and keeps that mode', async () => {
    server.handle((req, res) =>
      req.url.startsWith('/wp-json') ? html(res, 404, '<html>Not found</html>') : json(res, 200, 'pong'),
    );
    const c = client();
    await c.request({ ...ping, query: { ids: [1, 2], page: 3 } });
    expect(c.restMode).toBe('query');
    const before = server.seen.length;
    await c.request(ping);
    expect(server.seen.length - before).toBe(1);
    const url = new URL(server.seen.at(-1)!.url, server.url);
    expect(url.pathname).toBe('/');
    expect(routeOf(server.seen.at(-1)!)).toBe('/better-messages/v1/ping');
    const first = new URL(server.seen[before - 1]!.url, server.url);
    expect(first.searchParams.getAll('ids[]')).toEqual(['1', '2']);
  });

  it('goes straight to the stored mode, and tells only what it did not know', async () => {
    server.handle((req, res) =>
      req.url.startsWith('/wp-json') ? html(res, 404, '<html>Not found</html>') : json(res, 200, 'pong'),
    );
    const told: string[] = [];
    const before = server.seen.length;
    const stored = client({ restMode: 'query', onRestMode: (mode) => void told.push(mode) });
    await stored.request(ping);
    await stored.request(ping);
    expect(server.seen.slice(before).map((r) => new URL(r.url, server.url).pathname)).toEqual(['/', '/']);
    expect(told).toEqual([]);

    server.handle((_req, res) => json(res, 200, 'pong'));
    const detecting = client({ onRestMode: (mode) => void told.push(mode) });
    await detecting.request(ping);
    await detecting.request(ping);
    expect(told).toEqual(['pretty']);
  });

  it('falls back once when the stored mode is wrong (the site changed), and keeps the new one', async () => {
    server.handle((req, res) =>
      req.url.startsWith('/wp-json') ? html(res, 404, '<html>Not found</html>') : json(res, 200, 'pong'),
    );
    const told: string[] = [];
    const before = server.seen.length;
    const c = client({ restMode: 'pretty', onRestMode: (mode) => void told.push(mode) });
    await c.request(ping);
    await c.request(ping);
    const paths = server.seen.slice(before).map((r) => new URL(r.url, server.url).pathname);
    expect(paths).toEqual(['/wp-json/better-messages/v1/ping', '/', '/']);
    expect([c.restMode, told]).toEqual(['query', ['query']]);
  });
});

describe('answers', () => {
  it('turns the WordPress error envelope into a BmApiError with code, status and route', async () => {
    server.handle((_req, res) =>
      json(res, 400, {
        code: 'already_reported',
        message: 'You already reported this message',
        data: { status: 400 },
      }),
    );
    const error = await caught(client().request(ping));
    expect(error).toBeInstanceOf(BmApiError);
    expect(error).toMatchObject({
      kind: 'http',
      code: 'already_reported',
      status: 400,
      route: '/better-messages/v1/ping',
    });
  });

  it('marks 401 and 403 rest_forbidden as auth', async () => {
    server.handle((_req, res) =>
      json(res, 403, { code: 'rest_forbidden', message: 'no', data: { status: 403 } }),
    );
    expect(await caught(client().request(ping))).toMatchObject({ kind: 'auth', status: 403 });
    server.handle((_req, res) =>
      json(res, 401, { code: 'rest_not_logged_in', message: 'no', data: { status: 401 } }),
    );
    expect(await caught(client().request(ping))).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('turns result:false with errors into a refusal, not success', async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        result: false,
        errors: { restrictBadWord: 'Bad words are not allowed' },
        redirect: false,
      }),
    );
    const error = await caught(client().request({ ...ping, method: 'POST', schema: z.unknown() }));
    expect(error).toBeInstanceOf(BmRefusal);
    expect((error as BmRefusal).reasons).toEqual([
      { key: 'restrictBadWord', text: 'Bad words are not allowed' },
    ]);
    expect(error.message).toContain('Bad words are not allowed');
  });

  it('does not treat the upload answer (result:false with an id) as a refusal', async () => {
    server.handle((_req, res) => json(res, 200, { result: false, error: '', id: 42 }));
    const value = await client().request({ ...ping, method: 'POST', schema: z.object({ id: z.number() }) });
    expect(value.id).toBe(42);
  });

  it('names route and status for an HTML maintenance page', async () => {
    server.handle((_req, res) =>
      html(res, 503, '<html><h1>Briefly unavailable for scheduled maintenance.</h1></html>'),
    );
    const error = await caught(
      client({ maxRetries: 0 }).request({ ...ping, route: '/better-messages/v1/admin/getMessages' }),
    );
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('…/admin/getMessages answered HTTP 503 with an HTML page, not JSON');
    expect(error.message).toMatch(/maintenance/);
  });

  it('names route and status for malformed JSON', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('Notice: undefined index {"a":');
    });
    const error = await caught(client().request(ping));
    expect(error).toMatchObject({ kind: 'bad-response', status: 200 });
    expect(error.message).toContain('…/ping answered HTTP 200 with malformed JSON');
  });

  it('reports a schema mismatch as bad-response', async () => {
    server.handle((_req, res) => json(res, 200, { total: 'many' }));
    const error = await caught(client().request({ ...ping, schema: z.object({ total: z.number() }) }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('total');
  });

  it('times out', async () => {
    server.handle(() => undefined);
    const started = Date.now();
    const error = await caught(client({ timeoutMs: 200 }).request(ping));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('retries', () => {
  it('retries a read on 503', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls < 3 ? json(res, 503, {}) : json(res, 200, 'pong')));
    expect(await client().request(ping)).toBe('pong');
    expect(calls).toBe(3);
  });

  it('honours Retry-After on 429', async () => {
    let calls = 0;
    server.handle((_req, res) =>
      ++calls === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, 'pong'),
    );
    const started = Date.now();
    expect(await client().request(ping)).toBe('pong');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toBe(2);
  });

  it('retries a POST marked as a read', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls < 2 ? json(res, 502, {}) : json(res, 200, 'pong')));
    expect(await client().request({ ...ping, method: 'POST', read: true })).toBe('pong');
    expect(calls).toBe(2);
  });

  it('never retries a write', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      json(res, 503, {});
    });
    const error = await caught(client().request({ ...ping, method: 'POST' }));
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(calls).toBe(1);
  });

  it('gives up after maxRetries', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      json(res, 504, {});
    });
    await caught(client({ maxRetries: 2 }).request(ping));
    expect(calls).toBe(3);
  });
});

describe('redirects', () => {
  it('follows a same-origin redirect', async () => {
    server.handle((req, res) => {
      if (req.url.includes('/old')) {
        res.writeHead(301, { location: '/wp-json/better-messages/v1/ping' });
        res.end();
        return;
      }
      json(res, 200, 'pong');
    });
    expect(await client().request({ ...ping, route: '/old' })).toBe('pong');
    expect(server.seen.at(-1)!.headers.authorization).toMatch(/^Basic /);
  });

  it('refuses a cross-origin redirect and never sends the password there', async () => {
    const other = await startTestServer((_req, res) => json(res, 200, 'stolen'));
    try {
      server.handle((_req, res) => {
        res.writeHead(302, { location: `${other.url}/wp-json/better-messages/v1/ping` });
        res.end();
      });
      const error = await caught(client().request(ping));
      expect(error.kind).toBe('redirect');
      expect(error.message).toBe(`The site redirects to ${other.url}; connect that address instead.`);
      expect(other.seen.every((r) => r.headers.authorization === undefined)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('stops after 3 redirects', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    });
    expect(await caught(client().request(ping))).toMatchObject({ kind: 'redirect' });
  });
});

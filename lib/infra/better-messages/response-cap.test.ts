/**
 * A site that answers with far more than any real answer: a gzip bomb (1 MB inflating to 1 GB)
 * and huge plain bodies, over real HTTP. The client must stop at the cap, say so in words, and
 * keep its memory well under what the site sent.
 */
import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BmError } from './errors';
import { fetchSiteFile, SiteFileError } from './files';
import { createBmClient } from './http';
import { probeSite } from './probe';
import { startTestServer, type TestServer } from '@/tests/support/test-server';

const MB = 1024 * 1024;
const creds = { username: 'admin', appPassword: 'abcd EFGH ijkl MNOP qrst UVWX' };
let server: TestServer;
let bomb: Buffer;

/** 1 GB of zeros, gzipped a megabyte at a time (never 1 GB in memory here). */
async function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MB);
  for (let sent = 0; sent < inflatedBytes; sent += MB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

/** Writes `total` bytes of JSON-looking text without a Content-Length, honouring backpressure. */
async function streamPlain(res: http.ServerResponse, total: number) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(MB, 0x20);
  for (let sent = 0; sent < total && !res.destroyed; sent += MB) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          res.off('drain', go);
          res.off('close', go);
          resolve();
        };
        res.on('drain', go);
        res.on('close', go);
      });
    }
  }
  res.end();
}

function sendBomb(res: http.ServerResponse, contentType = 'application/json') {
  res.writeHead(200, {
    'content-type': contentType,
    'content-encoding': 'gzip',
    'content-length': bomb.length,
  });
  res.end(bomb);
}

/** Runs `work` and reports how far the resident memory rose above where it started. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - start };
  } finally {
    clearInterval(timer);
  }
}

async function failure(promise: Promise<unknown>): Promise<BmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BmError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  bomb = await gzipBomb(1024 * MB);
  server = await startTestServer();
}, 120_000);
afterAll(() => server.close());

const ping = { method: 'GET', route: '/better-messages/v1/ping', schema: z.unknown() } as const;
const client = () => createBmClient({ siteUrl: server.url, ...creds, timeoutMs: 60_000, maxRetries: 0 });

describe('answers larger than BMDESK_SITE_MAX_RESPONSE_MB (32 MB by default)', () => {
  it('stops inflating a gzip bomb at the cap and says so', async () => {
    expect(bomb.length).toBeLessThan(2 * MB);
    server.handle((_req, res) => sendBomb(res));
    const { result: error, growth } = await peakRssGrowth(() => failure(client().request(ping)));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/^The site sent more than 32 MB\./);
    // What was read is bounded by the cap, not by the gigabyte the site would have sent.
    expect(growth).toBeLessThan(200 * MB);
  });

  it('stops reading a 600 MB plain answer at the cap (no "Could not connect")', async () => {
    server.handle((_req, res) => void streamPlain(res, 600 * MB));
    const { result: error, growth } = await peakRssGrowth(() => failure(client().request(ping)));
    expect(error).toMatchObject({ kind: 'too-large', route: ping.route, status: 200 });
    expect(error.message).toMatch(/^The site sent more than 32 MB\./);
    expect(growth).toBeLessThan(200 * MB);
  });

  it('refuses an announced Content-Length past the cap without reading it', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 600 * MB });
      res.write('[');
    });
    const error = await failure(
      createBmClient({ siteUrl: server.url, ...creds, maxResponseBytes: MB }).request(ping),
    );
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/^The site sent more than 1 MB\./);
  });

  it('reads answers within the cap as before', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync('\uFEFF{"ok":true}'));
    });
    expect(await client().request(ping)).toEqual({ ok: true });
  });

  it('Test connection names the cause', async () => {
    server.handle((_req, res) => sendBomb(res));
    const result = await probeSite({ siteUrl: server.url, ...creds, timeoutMs: 60_000 });
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(result.ok === false && result.message).toMatch(/^The site sent more than 32 MB\./);
  });

  it('the file route caps the inflated bytes of a file too', async () => {
    server.handle((_req, res) => sendBomb(res, 'image/png'));
    const { result: error, growth } = await peakRssGrowth(() =>
      failure(fetchSiteFile({ siteUrl: server.url, ...creds }, `${server.url}/wp-content/uploads/a.png`)),
    );
    expect(error).toBeInstanceOf(SiteFileError);
    expect((error as SiteFileError).reason).toBe('too-large');
    expect(error.message).toMatch(/BM Desk previews files up to 25 MB/);
    expect(growth).toBeLessThan(200 * MB);
  });
});

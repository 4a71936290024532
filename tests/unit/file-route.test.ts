/**
 * The safe file route against real HTTP servers (no mocked fetch): the site's credentials go only
 * to the site's own origin, never along a redirect to another host, never to a metadata address,
 * and what comes back is served so that it cannot run in the dashboard's origin.
 */
import dns from 'node:dns';
import path from 'node:path';
import { beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { BmError } from '@/lib/infra/better-messages';
import type { LookupFunction } from '@/lib/infra/better-messages/address-guard';
import { fetchSiteFile, SiteFileError } from '@/lib/infra/better-messages/files';
import { startTestServer, type TestServer } from '@/tests/support/test-server';
import { getDb } from '@/lib/infra/db/client';
import { FILE_CSP } from '@/lib/services/files/safe-file-response';
import { indexAttachments } from '@/lib/services/site-index/schema';
import { insertSite } from '@/lib/services/sites/queries';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

const USER = 'admin';
const PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
const HTML = '<!doctype html><script>parent.pwned = true</script>';

let site: TestServer;
let other: TestServer;
let slug: string;
let metadataSlug: string;
let GET: (
  req: Request,
  ctx: { params: Promise<{ site: string; attachmentId: string }> },
) => Promise<Response>;

type FileRow = { id: number; url: string; mime: string; name: string; ext: string; thumb?: string };

async function addFiles(siteId: number, rows: FileRow[]) {
  const db = await getDb();
  await db
    .insert(indexAttachments)
    .values(rows.map((r) => ({ siteId, threadId: 10, messageId: 100 + r.id, size: 10, thumb: null, ...r })));
}

function get(siteSlug: string, id: number, query = '') {
  return GET(new Request(`http://desk.test/${siteSlug}/files/${id}${query}`), {
    params: Promise.resolve({ site: siteSlug, attachmentId: String(id) }),
  });
}

/** Every request a server saw that carried the site's password. */
const withCredentials = (s: TestServer) => s.seen.filter((r) => r.headers.authorization === BASIC);

beforeAll(async () => {
  site = await startTestServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    if (p === '/up/a.png' || p === '/up/a-thumb.png')
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (p === '/up/evil.svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
    if (p === '/up/evil.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(HTML);
    if (p === '/up/fake.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(HTML);
    if (p === '/up/moved.png') return void res.writeHead(302, { location: '/up/a.png' }).end();
    if (p === '/up/away.png') return void res.writeHead(302, { location: `${other.url}/steal.png` }).end();
    if (p === '/up/meta.png')
      return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (p === '/up/big.bin')
      return void res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.alloc(4096));
    if (p === '/up/slow.png') return; // never answers
    res.writeHead(404).end();
  });
  other = await startTestServer(
    (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG),
  );

  const row = await insertSite({
    name: `Files ${Date.now()}`,
    url: site.url,
    username: USER,
    appPassword: PASSWORD,
    probe: { status: 'ok', reason: null, message: null },
  });
  slug = row.slug;
  await addFiles(row.id, [
    {
      id: 1,
      url: `${site.url}/up/a.png`,
      thumb: `${site.url}/up/a-thumb.png`,
      mime: 'image/png',
      name: 'a.png',
      ext: 'png',
    },
    { id: 2, url: `${site.url}/up/evil.svg`, mime: 'image/svg+xml', name: 'logo.svg', ext: 'svg' },
    { id: 3, url: `${site.url}/up/evil.html`, mime: 'text/html', name: 'invoice.html', ext: 'html' },
    { id: 4, url: `${site.url}/up/fake.png`, mime: 'image/png', name: 'fake.png', ext: 'png' },
    { id: 5, url: `${other.url}/elsewhere.png`, mime: 'image/png', name: 'cdn.png', ext: 'png' },
    { id: 6, url: `${site.url}/up/away.png`, mime: 'image/png', name: 'away.png', ext: 'png' },
    { id: 7, url: `${site.url}/up/moved.png`, mime: 'image/png', name: 'moved.png', ext: 'png' },
    { id: 8, url: `${site.url}/up/meta.png`, mime: 'image/png', name: 'meta.png', ext: 'png' },
    {
      id: 9,
      url: site.url.replace('127.0.0.1', 'localhost') + '/up/a.png',
      mime: 'image/png',
      name: 'host.png',
      ext: 'png',
    },
    {
      id: 10,
      url: `${site.url}/up/big.bin`,
      mime: 'application/zip',
      name: 'big "quoted"\r\nX-Evil: 1.zip',
      ext: 'zip',
    },
  ]);
  // A site whose stored address is the cloud metadata service itself.
  const meta = await insertSite({
    name: `Metadata ${Date.now()}`,
    url: 'http://169.254.169.254',
    username: USER,
    appPassword: PASSWORD,
    probe: { status: 'ok', reason: null, message: null },
  });
  metadataSlug = meta.slug;
  await addFiles(meta.id, [
    {
      id: 1,
      url: 'http://169.254.169.254/latest/meta-data/iam',
      mime: 'image/png',
      name: 'x.png',
      ext: 'png',
    },
  ]);

  const { createMember } = await import('@/lib/infra/auth/members');
  current.member = await createMember({
    email: `files-${Date.now()}@example.test`,
    name: 'Support',
    password: 'support-password-long',
    role: 'support',
  });
  ({ GET } = await import(path.resolve('app/(desk)/[site]/files/[attachmentId]/route.ts')));
});

afterAll(async () => {
  await site.close();
  await other.close();
});

describe('who may fetch', () => {
  it('refuses a visitor without a session and fetches nothing', async () => {
    const member = current.member;
    current.member = null;
    const before = site.seen.length;
    const res = await get(slug, 1);
    current.member = member;
    expect(res.status).toBe(401);
    expect(site.seen.length).toBe(before);
  });
});

describe('headers', () => {
  it('serves a raster image inline, sandboxed, with the site credentials sent to the site only', async () => {
    const res = await get(slug, 1);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="a.png"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect(site.seen.at(-1)).toMatchObject({ url: '/up/a.png' });
    expect(site.seen.at(-1)!.headers.authorization).toBe(BASIC);
  });

  it('uses the thumbnail address for ?thumb=1 and forces a download for ?download=1', async () => {
    await get(slug, 1, '?thumb=1');
    expect(site.seen.at(-1)!.url).toBe('/up/a-thumb.png');
    const res = await get(slug, 1, '?download=1');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it.each([
    [2, 'logo.svg'],
    [3, 'invoice.html'],
    [4, 'fake.png'],
  ])('file #%i (%s) is never inline: an octet-stream attachment', async (id, name) => {
    const res = await get(slug, id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${name}"`));
    expect(res.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps quotes and line breaks of a stranger’s file name out of the header', async () => {
    const res = await get(slug, 10);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="big _quoted_X-Evil: 1.zip"/);
    expect(disposition).not.toMatch(/[\r\n]/);
  });
});

describe('credentials stay with the site', () => {
  it('refuses a file on another origin without contacting it', async () => {
    const res = await get(slug, 5);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/not on the site/);
    expect(other.seen).toHaveLength(0);
  });

  it('refuses the same host on another name or port (origin, not host, must match)', async () => {
    const before = site.seen.length;
    const res = await get(slug, 9);
    expect(res.status).toBe(502);
    expect(site.seen.length).toBe(before);
  });

  it('follows a redirect on the site’s own origin', async () => {
    const res = await get(slug, 7);
    expect(res.status).toBe(200);
    expect(site.seen.at(-1)).toMatchObject({ url: '/up/a.png' });
    expect(site.seen.at(-1)!.headers.authorization).toBe(BASIC);
  });

  it('never follows a redirect to another host', async () => {
    const res = await get(slug, 6);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/sends this file on to/);
    expect(other.seen).toHaveLength(0);
    expect(withCredentials(other)).toHaveLength(0);
  });

  it('never follows a redirect to the metadata address', async () => {
    const res = await get(slug, 8);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/169\.254\.169\.254/);
  });

  it('never connects to 169.254.169.254, even when it is the stored site address', async () => {
    const res = await get(metadataSlug, 1);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/link-local or cloud metadata address/);
  });

  it('refuses a site name that resolves to the metadata address (checked at connect time)', async () => {
    const calls: string[] = [];
    const lookup = ((host: string, opts: dns.LookupOptions, cb: (...a: unknown[]) => void) => {
      calls.push(host);
      if (opts.all) cb(null, [{ address: '169.254.169.254', family: 4 }]);
      else cb(null, '169.254.169.254', 4);
    }) as unknown as LookupFunction;
    const port = new URL(site.url).port;
    const error = await fetchSiteFile(
      {
        siteUrl: `http://rebind.test:${port}`,
        username: USER,
        appPassword: PASSWORD,
        lookup,
        timeoutMs: 2000,
      },
      `http://rebind.test:${port}/up/a.png`,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BmError);
    expect((error as BmError).kind).toBe('blocked-address');
    expect(calls).toEqual(['rebind.test']);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });
});

describe('limits', () => {
  const opts = () => ({ siteUrl: site.url, username: USER, appPassword: PASSWORD });

  it('stops a file over the size limit with a clear error', async () => {
    const error = await fetchSiteFile({ ...opts(), maxBytes: 1000 }, `${site.url}/up/big.bin`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SiteFileError);
    expect((error as SiteFileError).reason).toBe('too-large');
    expect((error as Error).message).toMatch(/BM Desk previews files up to/);
  });

  it('gives up on a site that does not answer in time', async () => {
    const started = Date.now();
    const error = await fetchSiteFile({ ...opts(), timeoutMs: 300 }, `${site.url}/up/slow.png`).catch(
      (e: unknown) => e,
    );
    expect((error as BmError).kind).toBe('timeout');
    expect((error as Error).message).toMatch(/did not answer within/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says so when the site no longer has the file', async () => {
    const error = await fetchSiteFile(opts(), `${site.url}/up/gone.png`).catch((e: unknown) => e);
    expect((error as SiteFileError).reason).toBe('not-found');
  });
});

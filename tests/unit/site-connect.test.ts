/**
 * Connecting a site through the real server actions, against the demo site over real HTTP,
 * on the real database: what is stored, what is refused, and what never leaves the server.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, sites } from '@/lib/infra/db/schema';
import { unseal } from '@/lib/infra/secrets/seal';
import { siteBinding } from '@/lib/services/sites/queries';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
// Outside a request there is no cache to revalidate; what was revalidated is not under test.
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

let site: DemoSite;
let dir: string;
let actions: typeof import('@/app/(desk)/sites/actions');

async function control(body: unknown) {
  const res = await fetch(`${site.url}/__demo/faults`, {
    method: body === null ? 'DELETE' : 'POST',
    headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === null ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-connect-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  const { createMember } = await import('@/lib/infra/auth/members');
  current.member = await createMember({
    email: `connect-${Date.now()}@example.test`,
    name: 'Owner',
    password: 'connect-password-1',
    role: 'owner',
  });
  actions = await import('@/app/(desk)/sites/actions');
});

afterAll(async () => {
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const creds = () => ({
  name: `Demo ${Date.now()}`,
  url: site.url,
  username: site.credentials.BM_SITE_USER!,
  appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
});

describe('connecting a site', () => {
  it('stores the application password sealed: no column of the row holds it', async () => {
    const input = creds();
    const result = await actions.connectSite(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const db = await getDb();
    const raw = await db.execute<{ row: string }>(
      sql`SELECT s::text AS row FROM sites s WHERE id = ${result.data.id}`,
    );
    const text = (raw as unknown as { rows: { row: string }[] }).rows[0]!.row;
    expect(text).toContain(input.username);
    expect(text).not.toContain(input.appPassword);
    expect(text).not.toContain(input.appPassword.replace(/ /g, ''));
    const [row] = await db.select().from(sites).where(eq(sites.id, result.data.id));
    expect(unseal(row!.sealedPassword, siteBinding(input.url))).toBe(input.appPassword);
    expect(row!.status).toBe('ok');
    expect(row!.modules).toMatchObject({ messagesViewer: true, reports: true });

    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'connectSite'));
    expect(JSON.stringify(audit)).not.toContain(input.appPassword);
  });

  it('refuses a wrong password with words a site admin understands, and stores nothing', async () => {
    const db = await getDb();
    const before = (await db.select({ id: sites.id }).from(sites)).length;
    const result = await actions.connectSite({ ...creds(), appPassword: 'aaaa bbbb cccc dddd eeee ffff' });
    expect(result).toMatchObject({ ok: false, code: 'bad-credentials' });
    if (!result.ok) expect(result.error).toMatch(/application password/i);
    expect((await db.select({ id: sites.id }).from(sites)).length).toBe(before);
  });

  it("refuses a subscriber's password: not an administrator", async () => {
    const result = await actions.connectSite({
      ...creds(),
      username: site.credentials.BM_SITE_USER2!,
      appPassword: site.credentials.BM_SITE_APP_PASSWORD2!,
    });
    expect(result).toMatchObject({ ok: false, code: 'not-admin' });
  });

  it('tells apart a site without Better Messages, one with the REST API closed, and one that is not WordPress', async () => {
    for (const [mode, code] of [
      ['plugin-missing', 'plugin-missing'],
      ['rest-disabled', 'rest-disabled'],
      ['not-wordpress', 'not-wordpress'],
    ] as const) {
      await control({ mode });
      const result = await actions.testSiteConnection(creds());
      expect(result, mode).toMatchObject({ ok: false, code });
    }
    await control(null);
    expect((await actions.testSiteConnection(creds())).ok).toBe(true);
  });

  it('says when nothing is listening at the address', async () => {
    const result = await actions.testSiteConnection({ ...creds(), url: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('refuses link-local and metadata addresses before sending anything', async () => {
    const result = await actions.testSiteConnection({ ...creds(), url: 'http://169.254.169.254' });
    expect(result).toMatchObject({ ok: false, code: 'blocked-address' });
  });

  it('keeps the stored password when the edit form leaves it empty, and reseals a new one', async () => {
    const input = creds();
    const created = await actions.connectSite(input);
    if (!created.ok) throw new Error(created.error);
    const db = await getDb();
    const [before] = await db.select().from(sites).where(eq(sites.id, created.data.id));
    const kept = await actions.updateSite({
      siteId: created.data.id,
      name: 'Renamed',
      url: input.url,
      username: input.username,
      appPassword: '',
    });
    expect(kept.ok).toBe(true);
    const [after] = await db.select().from(sites).where(eq(sites.id, created.data.id));
    expect(after!.name).toBe('Renamed');
    expect(after!.sealedPassword).toBe(before!.sealedPassword);

    const wrong = await actions.updateSite({
      siteId: created.data.id,
      name: 'Renamed',
      url: input.url,
      username: input.username,
      appPassword: 'zzzz zzzz zzzz zzzz zzzz zzzz',
    });
    expect(wrong).toMatchObject({ ok: false, code: 'bad-credentials' });
    const [unchanged] = await db.select().from(sites).where(eq(sites.id, created.data.id));
    expect(unchanged!.sealedPassword).toBe(before!.sealedPassword);
  });

  it('never sends the stored password to an address typed over the stored one (test and save alike), and audits each test', async () => {
    const input = creds();
    const created = await actions.connectSite(input);
    if (!created.ok) throw new Error(created.error);
    // Another server the person editing the site controls: it records whatever reaches it.
    const seen: string[] = [];
    const catcher = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => catcher.listen(0, '127.0.0.1', r));
    const other = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`;
    try {
      const edited = { siteId: created.data.id, name: 'Moved', url: other, username: input.username };
      for (const attempt of [
        await actions.testSiteConnection({ ...edited, appPassword: '' }),
        await actions.testSiteConnection(edited),
        await actions.updateSite({ ...edited, appPassword: '' }),
      ]) {
        expect(attempt).toMatchObject({ ok: false, code: 'password-bound-to-origin' });
        if (!attempt.ok) {
          expect(attempt.fieldErrors?.appPassword?.[0]).toMatch(/enter the application password again/i);
        }
      }
      expect(seen).toEqual([]);
      const db = await getDb();
      const [row] = await db.select().from(sites).where(eq(sites.id, created.data.id));
      expect(row!.url).toBe(input.url);
      // Same origin, another path: the stored password may follow (it is the same server).
      const samePlace = await actions.testSiteConnection({
        siteId: created.data.id,
        url: `${input.url}/`,
        username: input.username,
      });
      expect(samePlace.ok).toBe(true);

      const tests = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'testSiteConnection'))
        .orderBy(auditLog.id);
      const mine = tests.filter((t) => t.siteId === created.data.id);
      expect(mine.map((t) => (t.target as { url: string }).url)).toEqual([other, other, input.url]);
      expect(mine.every((t) => (t.params as { storedPassword: boolean }).storedPassword)).toBe(true);
      expect(JSON.stringify(tests)).not.toContain(input.appPassword);
    } finally {
      catcher.close();
    }
  });

  it('a row whose address was altered behind BM Desk cannot be unsealed', async () => {
    const input = creds();
    const created = await actions.connectSite(input);
    if (!created.ok) throw new Error(created.error);
    const db = await getDb();
    await db.update(sites).set({ url: 'http://127.0.0.1:9' }).where(eq(sites.id, created.data.id));
    const { openSite } = await import('@/lib/services/sites/open-site');
    await expect(openSite(created.data.id)).rejects.toThrow(/cannot be unsealed/);
  });
});

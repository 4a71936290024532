/**
 * A site is opened once: one queue decision against a site that only answers `?rest_route=`
 * (plain permalinks) unseals the password once and never knocks at /wp-json/, the stored rest
 * mode follows the site when it changes, and an opening never lends its password to another
 * site. Real HTTP against the demo site, on the real database.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import {
  banUser,
  createBmClient,
  getAdminMessages,
  getAdminMessagesByIds,
  type BmClient,
} from '@/lib/infra/better-messages';
import { SiteFileError } from '@/lib/infra/better-messages/files';
import { inActionScope } from '@/lib/infra/actions/action-scope';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';

// Every unseal of a stored password goes through this module: counting here counts them all.
const unseals = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/infra/secrets/seal', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/infra/secrets/seal')>();
  return {
    ...real,
    unseal: (...args: Parameters<typeof real.unseal>) => {
      unseals.count++;
      return real.unseal(...args);
    },
  };
});

type Stats = { total: number; byRoute: Record<string, number> };

let site: DemoSite;
let dir: string;
let admin: BmClient;
let member: Member;
let siteId: number;

async function control(method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${site.url}/__demo/${route}`, {
    method,
    headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return res.json();
}

/** What reached the demo site while `fn` ran. */
async function traffic(fn: () => Promise<unknown>): Promise<Stats> {
  await control('DELETE', 'stats');
  unseals.count = 0;
  await fn();
  return (await control('GET', 'stats')) as Stats;
}

const prettyCalls = (s: Stats) => Object.keys(s.byRoute).filter((r) => r.startsWith('/wp-json'));

async function reportedMessages() {
  const { messages } = await getAdminMessages(admin, { reported: true });
  return messages.filter((m) => (m.reports ?? []).length > 0);
}

async function storedMode(id: number) {
  const db = await getDb();
  const [row] = await db.select({ restMode: sites.restMode }).from(sites).where(eq(sites.id, id));
  return row?.restMode;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-open-site-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  await control('POST', 'faults', { plainPermalinks: true });
  const creds = {
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
  };
  admin = createBmClient({ ...creds, restMode: 'query' });
  const { checkConnection } = await import('@/lib/services/sites/check-connection');
  const { insertSite } = await import('@/lib/services/sites/queries');
  const probe = await checkConnection(creds);
  expect(probe).toMatchObject({ status: 'ok', restMode: 'query' });
  siteId = (await insertSite({ name: `Query mode ${Date.now()}`, url: site.url, ...creds, probe })).id;
  const { createMember } = await import('@/lib/infra/auth/members');
  member = await createMember({
    email: `open-site-${Date.now()}@example.test`,
    name: 'Olive Mod',
    password: 'open-site-password-1',
    role: 'moderator',
  });
});

afterAll(async () => {
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one queue decision on a site that only answers ?rest_route=', () => {
  beforeEach(async () => {
    expect(await storedMode(siteId)).toBe('query');
  });

  it('dismissing reports: one unseal, no /wp-json/ attempt, no call beyond the needed ones', async () => {
    const { decide, clearReports } = await import('@/lib/services/queues/decide');
    const target = (await reportedMessages())[0]!;
    const seen = await traffic(() =>
      decide({ siteId, messageId: target.id }, member, 'report', 'dismiss', (client, item) =>
        clearReports(client, target.id, item),
      ),
    );
    expect(prettyCalls(seen)).toEqual([]);
    expect(unseals.count).toBe(1);
    // Read the item, dismiss each report (and an AI flag), re-read it for the index: nothing more.
    expect(seen.total).toBe(1 + target.reports!.length + (target.ai_moderation_flagged ? 1 : 0) + 1);
    expect((await getAdminMessagesByIds(admin, [target.id])).rows[0]?.reports ?? []).toEqual([]);
  });

  it('banning the reported sender (which also refreshes the thread): one unseal, no /wp-json/ attempt', async () => {
    const { decide, clearReports } = await import('@/lib/services/queues/decide');
    const target = (await reportedMessages())[0]!;
    const seen = await traffic(() =>
      decide({ siteId, messageId: target.id }, member, 'report', 'ban sender', async (client, item) => {
        await banUser(client, item.threadId, item.senderId, 60);
        await clearReports(client, target.id, item);
        return { touchedThread: true };
      }),
    );
    expect(prettyCalls(seen)).toEqual([]);
    expect(unseals.count).toBe(1);
  });

  it('an action that takes the client and then refreshes by site id still opens the site once', async () => {
    const { siteClient } = await import('@/lib/services/sites/site-client');
    const { refreshThread } = await import('@/lib/services/site-index/refresh');
    const target = (await reportedMessages())[0]!;
    // As the thread desk's actions do: a call on the site, then the index refresh of the thread.
    const seen = await traffic(() =>
      inActionScope(async () => {
        await getAdminMessagesByIds(await siteClient(siteId), [target.id]);
        await refreshThread(siteId, target.thread_id);
      }),
    );
    expect(prettyCalls(seen)).toEqual([]);
    expect(unseals.count).toBe(1);
  });
});

describe('the stored rest mode', () => {
  it('is learned by the first client and stored, so the next opening goes straight to it', async () => {
    const { openSite } = await import('@/lib/services/sites/open-site');
    const db = await getDb();
    await db.update(sites).set({ restMode: null }).where(eq(sites.id, siteId));
    const first = await traffic(async () => getAdminMessagesByIds((await openSite(siteId)).client, [1]));
    expect(prettyCalls(first)).toHaveLength(1);
    expect(await storedMode(siteId)).toBe('query');
    const next = await traffic(async () => getAdminMessagesByIds((await openSite(siteId)).client, [1]));
    expect([prettyCalls(next), next.total]).toEqual([[], 1]);
  });

  it('follows the site when it changes: a wrong stored mode falls back once and is replaced', async () => {
    const { openSite } = await import('@/lib/services/sites/open-site');
    const db = await getDb();
    await db.update(sites).set({ restMode: 'pretty' }).where(eq(sites.id, siteId));
    const opened = await openSite(siteId);
    const seen = await traffic(async () => {
      await getAdminMessagesByIds(opened.client, [1]);
      await getAdminMessagesByIds(opened.client, [2]);
      // Another client of the same opening starts from what the first one learned.
      await getAdminMessagesByIds(opened.clientWith({ maxRetries: 0 }), [3]);
    });
    expect([prettyCalls(seen).length, seen.total]).toEqual([1, 4]);
    expect(opened.restMode).toBe('query');
    expect(await storedMode(siteId)).toBe('query');
  });
});

describe("an opened site and another site's address", () => {
  it("never sends site A's credentials to site B", async () => {
    const { findOpenSite, openSite } = await import('@/lib/services/sites/open-site');
    const { insertSite } = await import('@/lib/services/sites/queries');
    const seen: { url: string; auth: string }[] = [];
    const b = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? '-' });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('"pong"');
    });
    await new Promise<void>((r) => b.listen(0, '127.0.0.1', r));
    const bUrl = `http://127.0.0.1:${(b.address() as AddressInfo).port}`;
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const aAuth = basic(site.credentials.BM_SITE_USER!, site.credentials.BM_SITE_APP_PASSWORD!);
    const bAuth = basic('bee', 'bbbb bbbb bbbb bbbb bbbb bbbb');
    const bId = (
      await insertSite({
        name: `Site B ${Date.now()}`,
        url: bUrl,
        username: 'bee',
        appPassword: 'bbbb bbbb bbbb bbbb bbbb bbbb',
        probe: { status: 'ok', reason: null, message: null, restMode: 'query' },
      })
    ).id;
    const ping = { method: 'GET', route: '/better-messages/v1/ping', schema: z.string() } as const;
    try {
      await inActionScope(async () => {
        const a = await openSite(siteId);
        const bSite = await openSite(bId);
        // One opening per site inside an action, never one site's opening for another.
        expect(await openSite(siteId)).toBe(a);
        expect(bSite).not.toBe(a);
        expect([a.url, bSite.url]).toEqual([site.url, bUrl]);
        await a.client.request(ping).catch(() => undefined);
        await bSite.client.request(ping);
        // The edit form's values at B's address: A's opening hands out no client for it.
        expect(a.clientAt({ siteUrl: bUrl, username: 'admin' })).toBeNull();
        // A file "of site A" hosted at B: refused before anything is sent.
        await expect(a.fetchFile(`${bUrl}/wp-content/uploads/a.png`)).rejects.toBeInstanceOf(SiteFileError);
      });
      // Outside an action each caller opens for itself.
      expect(await openSite(siteId)).not.toBe(await openSite(siteId));
      // A's row pointed at B behind BM Desk's back: the password is bound to A's origin.
      const db = await getDb();
      await db.update(sites).set({ url: bUrl }).where(eq(sites.id, siteId));
      await expect(findOpenSite(siteId)).rejects.toThrow(/cannot be unsealed/);
      await db.update(sites).set({ url: site.url }).where(eq(sites.id, siteId));

      expect(seen.map((s) => s.auth)).toEqual([bAuth]);
      expect(seen.some((s) => s.auth === aAuth)).toBe(false);
    } finally {
      b.close();
    }
  });
});

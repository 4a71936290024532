/** Shared by the site-index tests: a demo site, a connected site row, and the index-vs-site comparison. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import {
  createBmClient,
  getAdminMessages,
  getAdminMessagesByIds,
  type BmClient,
} from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import { toMessageRow } from '@/lib/services/site-index/convert';
import { indexMessages } from '@/lib/services/site-index/schema';
import { readState } from '@/lib/services/site-index/sync/context';

export async function startTestSite(): Promise<{ site: DemoSite; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-index-'));
  const site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', seed: 3, reset: true });
  return { site, dir };
}

export async function stopTestSite(t: { site: DemoSite; dir: string }) {
  await t.site.close();
  fs.rmSync(t.dir, { recursive: true, force: true });
}

export async function control(site: DemoSite, body: unknown, route = 'faults'): Promise<unknown> {
  const res = await fetch(`${site.url}/__demo/${route}`, {
    method: body === null ? 'DELETE' : 'POST',
    headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
    body: body === null ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`demo control ${route}: HTTP ${res.status}`);
  return res.json();
}

/** `count` new messages on the demo site at once, after `skipIds` unused ids; answers their id range. */
export async function burst(site: DemoSite, count: number, skipIds = 0) {
  return (await control(site, { count, skipIds }, 'burst')) as { firstId: number; lastId: number };
}

/** A fresh sites row for the demo site (fresh index), and an admin client. */
export async function connectSite(site: DemoSite, n = '') {
  const row = await insertSite({
    name: `Index test ${Date.now()}-${Math.random()}`,
    url: site.url,
    username: site.credentials[`BM_SITE_USER${n}`]!,
    appPassword: site.credentials[`BM_SITE_APP_PASSWORD${n}`]!,
    probe: { status: 'ok', reason: null, message: null },
  });
  return { siteId: row.id, client: clientAs(site, n) };
}

export function clientAs(site: DemoSite, n = '', extra: { maxRetries?: number } = {}): BmClient {
  return createBmClient({
    siteUrl: site.url,
    username: site.credentials[`BM_SITE_USER${n}`]!,
    appPassword: site.credentials[`BM_SITE_APP_PASSWORD${n}`]!,
    retryBaseMs: 20,
    maxRetryAfterMs: 1_000,
    ...extra,
  });
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function backfillFinished(siteId: number) {
  const s = await readState(await getDb(), siteId);
  return s.backfillCursor !== null && s.backfillCursor <= 1;
}

const comparable = (r: ReturnType<typeof toMessageRow>) => ({
  id: r.id,
  threadId: r.threadId,
  senderId: r.senderId,
  pending: r.pending,
  reportCount: r.reportCount,
  text: r.text,
});

/** What the site has, id for id, over its whole id range, in the index's terms. */
export async function siteMessages(client: BmClient) {
  const first = await getAdminMessages(client, {});
  const top = first.messages.reduce((max, m) => Math.max(max, m.id), 0);
  const rows = [];
  for (let lo = 1; lo <= top; lo += 500) {
    const ids = Array.from({ length: Math.min(500, top - lo + 1) }, (_, i) => lo + i);
    rows.push(...(await getAdminMessagesByIds(client, ids)).rows.map((r) => comparable(toMessageRow(r))));
  }
  return rows.sort((a, b) => a.id - b.id);
}

export async function indexedMessages(siteId: number) {
  const db = await getDb();
  const m = indexMessages;
  return db
    .select({
      id: m.id,
      threadId: m.threadId,
      senderId: m.senderId,
      pending: m.pending,
      reportCount: m.reportCount,
      text: m.text,
    })
    .from(m)
    .where(eq(m.siteId, siteId))
    .orderBy(asc(m.id));
}

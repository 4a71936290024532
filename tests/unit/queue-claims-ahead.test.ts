/**
 * Claims around the undo window, against the demo site over real HTTP: a member who decides
 * claims the item at once (nobody else may decide it while the decision waits), sends it on
 * their own claim, gives it back on undo; a claim that never became a decision goes stale.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import { createBmClient, getAdminMessages, type BmClient } from '@/lib/infra/better-messages';
import type { Member } from '@/lib/infra/auth/members';

const callers = vi.hoisted(() => ({ queue: [] as Member[], fallback: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({
  getCurrentMember: async () => callers.queue.shift() ?? callers.fallback,
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

let site: DemoSite;
let dir: string;
let siteId: number;
let admin: BmClient;
let alice: Member;
let bob: Member;
let sam: Member;
let pending: typeof import('@/app/(desk)/[site]/pending/actions');
let claims: typeof import('@/lib/services/queues/actions');

const as = (m: Member) => callers.queue.push(m);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-claims-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  const creds = {
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
  };
  admin = createBmClient(creds);
  const { checkConnection } = await import('@/lib/services/sites/check-connection');
  const { insertSite } = await import('@/lib/services/sites/queries');
  siteId = (
    await insertSite({
      name: `Claims ${Date.now()}`,
      url: site.url,
      username: creds.username,
      appPassword: creds.appPassword,
      probe: await checkConnection(creds),
    })
  ).id;
  const { createMember } = await import('@/lib/infra/auth/members');
  const stamp = Date.now();
  const make = (name: string, role: Member['role']) =>
    createMember({ email: `c-${name}-${stamp}@example.test`, name, password: 'claims-password-1', role });
  alice = await make('Alice Mod', 'moderator');
  bob = await make('Bob Mod', 'moderator');
  // Not "Sam Support": triage.test.ts mentions @Sam Support, and test:pg shares one database.
  sam = await make('Sid Support', 'support');
  pending = await import('@/app/(desk)/[site]/pending/actions');
  claims = await import('@/lib/services/queues/actions');
});

afterAll(async () => {
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function waitingIds(n: number) {
  const waiting = await getAdminMessages(admin, { pending: true });
  const ids = waiting.messages.map((m) => m.id);
  expect(ids.length, 'the demo site has pending messages').toBeGreaterThanOrEqual(n);
  return ids;
}

const claim = (messageId: number, decisionId = 'approve') =>
  claims.claimQueueItem({ siteId, kind: 'pending', messageId, decisionId, decision: 'Approve' });

describe('claims around the undo window', () => {
  it('a held decision keeps others out, and is sent on its own claim', async () => {
    const [id] = await waitingIds(1);
    as(alice);
    expect(await claim(id!)).toMatchObject({ ok: true });
    as(bob);
    const other = await pending.rejectPendingMessage({ siteId, messageId: id! });
    expect(other).toMatchObject({ ok: false, code: 'already-handled' });
    if (!other.ok) expect(other.error).toContain('Alice Mod chose “Approve”');
    as(alice);
    expect(await pending.approvePendingMessage({ siteId, messageId: id! })).toMatchObject({ ok: true });
  });

  it('an undone decision gives the item back to everyone', async () => {
    const [, id] = await waitingIds(2);
    as(alice);
    expect(await claim(id!)).toMatchObject({ ok: true });
    as(alice);
    expect(await claims.releaseQueueClaim({ siteId, kind: 'pending', messageId: id! })).toMatchObject({
      ok: true,
      data: { released: 1 },
    });
    as(bob);
    expect(await pending.approvePendingMessage({ siteId, messageId: id! })).toMatchObject({ ok: true });
  });

  it('another member cannot release a claim that is not theirs', async () => {
    const [id] = await waitingIds(1);
    as(alice);
    expect(await claim(id!)).toMatchObject({ ok: true });
    as(bob);
    expect(await claims.releaseQueueClaim({ siteId, kind: 'pending', messageId: id! })).toMatchObject({
      ok: true,
      data: { released: 0 },
    });
    as(bob);
    expect(await claim(id!)).toMatchObject({ ok: false, code: 'already-handled' });
  });

  it('a claim that never became a decision goes stale and is taken over', async () => {
    const [id] = await waitingIds(1);
    // The claim of the test before: Alice's, made old as if her tab had closed mid-send.
    const { getDb } = await import('@/lib/infra/db/client');
    const { queueClaims } = await import('@/lib/services/queues/schema');
    const { STALE_CLAIM_MS } = await import('@/lib/services/queues/claims');
    const db = await getDb();
    await db
      .update(queueClaims)
      .set({ at: new Date(Date.now() - STALE_CLAIM_MS - 1000) })
      .where(and(eq(queueClaims.siteId, siteId), eq(queueClaims.messageId, id!)));
    as(bob);
    expect(await pending.approvePendingMessage({ siteId, messageId: id! })).toMatchObject({ ok: true });
    const [row] = await db
      .select()
      .from(queueClaims)
      .where(and(eq(queueClaims.siteId, siteId), eq(queueClaims.messageId, id!)));
    expect(row?.memberName).toBe('Bob Mod');
  });

  it('support may claim a report to dismiss it, and nothing else', async () => {
    const [id] = await waitingIds(1);
    as(sam);
    expect(await claim(id!)).toMatchObject({ ok: false, code: 'forbidden' });
    const reported = await getAdminMessages(admin, { reported: true });
    const target = reported.messages.find((m) => (m.reports ?? []).length > 0)!;
    as(sam);
    expect(
      await claims.claimQueueItem({
        siteId,
        kind: 'report',
        messageId: target.id,
        decisionId: 'delete',
        decision: 'Delete message',
      }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    as(sam);
    expect(
      await claims.claimQueueItem({
        siteId,
        kind: 'report',
        messageId: target.id,
        decisionId: 'dismiss',
        decision: 'Dismiss',
      }),
    ).toMatchObject({ ok: true });
  });
});

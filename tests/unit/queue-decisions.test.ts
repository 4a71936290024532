/**
 * Queue decisions against the demo site over real HTTP: two moderators deciding on the same
 * item at the same moment get one decision on the site and one "already handled".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import {
  createBmClient,
  getAdminMessages,
  getAdminMessagesByIds,
  type BmClient,
} from '@/lib/infra/better-messages';
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
let reports: typeof import('@/app/(desk)/[site]/reports/actions');
let pending: typeof import('@/app/(desk)/[site]/pending/actions');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-queues-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  const creds = {
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
  };
  admin = createBmClient(creds);
  const { checkConnection } = await import('@/lib/services/sites/check-connection');
  const { insertSite } = await import('@/lib/services/sites/queries');
  const probe = await checkConnection(creds);
  siteId = (
    await insertSite({
      name: `Queues ${Date.now()}`,
      url: site.url,
      username: creds.username,
      appPassword: creds.appPassword,
      probe,
    })
  ).id;
  const { createMember } = await import('@/lib/infra/auth/members');
  const stamp = Date.now();
  alice = await createMember({
    email: `q-alice-${stamp}@example.test`,
    name: 'Alice Mod',
    password: 'queue-password-1',
    role: 'moderator',
  });
  bob = await createMember({
    email: `q-bob-${stamp}@example.test`,
    name: 'Bob Mod',
    password: 'queue-password-1',
    role: 'moderator',
  });
  callers.fallback = alice;
  reports = await import('@/app/(desk)/[site]/reports/actions');
  pending = await import('@/app/(desk)/[site]/pending/actions');
});

afterAll(async () => {
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('two moderators, one item', () => {
  it('dismisses a report set once; the second is told who handled it', async () => {
    const reported = await getAdminMessages(admin, { reported: true });
    const target = reported.messages.find((m) => (m.reports ?? []).length > 0);
    expect(target, 'the demo site has a user-reported message').toBeDefined();
    callers.queue.push(alice, bob);
    const [a, b] = await Promise.all([
      reports.dismissReports({ siteId, messageId: target!.id }),
      reports.dismissReports({ siteId, messageId: target!.id }),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, code: 'already-handled' });
    if (refused && !refused.ok) expect(refused.error).toMatch(/Alice Mod|Bob Mod/);
    const after = await getAdminMessagesByIds(admin, [target!.id]);
    expect(after.rows[0]?.reports ?? []).toHaveLength(0);
  });

  it('approves a pending message once, and refuses a later decision on it', async () => {
    const waiting = await getAdminMessages(admin, { pending: true });
    const target = waiting.messages[0];
    expect(target, 'the demo site has a pending message').toBeDefined();
    callers.queue.push(alice, bob);
    const results = await Promise.all([
      pending.approvePendingMessage({ siteId, messageId: target!.id }),
      pending.rejectPendingMessage({ siteId, messageId: target!.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: 'already-handled' });
    const after = await getAdminMessagesByIds(admin, [target!.id]);
    // Whichever won, the message is no longer pending (approved) or no longer there (rejected).
    expect(after.rows[0]?.is_pending ?? false).toBe(false);
    // Later, Alice again: her own decision is said as done ("you already decided it"), Bob's as his.
    const later = await pending.approvePendingMessage({ siteId, messageId: target!.id });
    if (results[0]!.ok) {
      expect(later).toMatchObject({
        code: 'already-yours',
        error: expect.stringMatching(/^You already decided it/),
      });
    } else {
      expect(later).toMatchObject({ code: 'already-handled', error: expect.stringMatching(/Bob/) });
    }
  });

  it('releases the claim when the site refuses, so the item can still be decided', async () => {
    const reported = await getAdminMessages(admin, { reported: true });
    const target = reported.messages.find((m) => (m.reports ?? []).length > 0)!;
    // A ban needs a duration the plugin accepts; a thread the sender is not in makes the site say no.
    const fd = { siteId, messageId: target.id, duration: 60 };
    const res = await fetch(`${site.url}/__demo/faults`, {
      method: 'POST',
      headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ errorRate: 1, only: '/better-messages/v1/thread/' }),
    });
    expect(res.ok).toBe(true);
    const failed = await reports.banReportedSender(fd);
    expect(failed.ok).toBe(false);
    await fetch(`${site.url}/__demo/faults`, {
      method: 'DELETE',
      headers: { 'X-Demo-Control': site.credentials.DEMO_CONTROL_TOKEN! },
    });
    expect(await reports.dismissReports({ siteId, messageId: target.id })).toMatchObject({
      ok: true,
    });
  });
});

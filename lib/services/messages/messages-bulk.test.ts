/**
 * The messages desk's "all matches" job against the demo site over real HTTP: one search finds a
 * spam wave, the job deletes every match on the site (audited per message as `deleteMessages`),
 * the index forgets them, and a message outside the search stays. Refusals are said in words.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createThread, getAdminMessagesByIds, type BmClient } from '@/lib/infra/better-messages';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog } from '@/lib/infra/db/schema';
import { JobRunner } from '@/lib/services/jobs/runner';
import { jobItems, jobs } from '@/lib/services/jobs/schema';
import { refreshMessages } from '@/lib/services/site-index/refresh';
import { indexMessages } from '@/lib/services/site-index/schema';
import { standingDecisions } from '@/lib/services/policy/schema';
import { clientAs, connectSite, startTestSite, stopTestSite } from '@/tests/support/site-index';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId: number;
let admin: BmClient;
const tag = `wave${Date.now().toString(36)}`;
const wave: number[] = [];
let keep: number;

async function send(text: string, as?: BmClient, to = 3) {
  const made = await createThread(as ?? admin, {
    recipientBmUserIds: [to],
    subject: text.slice(0, 40),
    message: text,
  });
  return made.messageId!;
}

async function until(jobId: number, statuses: string[], timeoutMs = 60_000) {
  const db = await getDb();
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    if (job && statuses.includes(job.status)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${job?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  await getDb();
  t = await startTestSite();
  ({ siteId, client: admin } = await connectSite(t.site));
  for (let i = 0; i < 6; i++) wave.push(await send(`Cheap ${tag} pills at https://pills.example.biz/${i}`));
  keep = await send(`Hello, not ${tag.slice(0, 3)} spam at all`);
  await refreshMessages(siteId, [...wave, keep]);
  const { createMember } = await import('@/lib/infra/auth/members');
  current.member = await createMember({
    email: `messages-bulk-${Date.now()}@example.test`,
    name: 'Messages Bulk',
    password: 'messages-bulk-password',
    role: 'moderator',
  });
}, 120_000);

afterAll(async () => {
  if (t) await stopTestSite(t);
});

describe('messages desk bulk job', () => {
  it('refuses in words: nothing matches, no pending among them', async () => {
    const { startMessagesBulkJob } = await import('./actions');
    expect(
      await startMessagesBulkJob({
        siteId,
        action: 'delete',
        scope: { kind: 'all', search: 'q=zzqqnothing' },
      }),
    ).toMatchObject({ ok: false, code: 'nothing-to-do' });
    expect(
      await startMessagesBulkJob({
        siteId,
        action: 'approve',
        scope: { kind: 'selected', messageIds: wave },
      }),
    ).toMatchObject({ ok: false, error: 'None of these messages is pending.' });
  });

  it('deletes every match of one search as one job; the rest stays', async () => {
    const { startMessagesBulkJob } = await import('./actions');
    const db = await getDb();
    // The index has them all (the search the moderator would type).
    const indexed = await db
      .select({ id: indexMessages.id })
      .from(indexMessages)
      .where(and(eq(indexMessages.siteId, siteId), inArray(indexMessages.id, wave)));
    expect(indexed).toHaveLength(6);
    const answer = await startMessagesBulkJob({
      siteId,
      action: 'delete',
      scope: {
        kind: 'all',
        search: new URLSearchParams({ q: tag, link: '1', page: '3', sort: 'id.asc' }).toString(),
      },
      reason: 'spam wave',
    });
    expect(answer).toMatchObject({ ok: true, data: { total: 6 } });
    const jobId = (answer as { data: { jobId: number } }).data.jobId;
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ kind: 'messagesBulk', label: 'Delete 6 messages', total: 6 });
    const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
    try {
      await until(jobId, ['done']);
    } finally {
      await runner.stop();
    }
    const items = await db.select().from(jobItems).where(eq(jobItems.jobId, jobId));
    expect(items.map((i) => i.status)).toEqual(Array(6).fill('done'));
    const onSite = await getAdminMessagesByIds(admin, [...wave, keep]);
    expect(onSite.rows.map((r) => r.id)).toEqual([keep]);
    const left = await db
      .select({ id: indexMessages.id })
      .from(indexMessages)
      .where(and(eq(indexMessages.siteId, siteId), inArray(indexMessages.id, [...wave, keep])));
    expect(left.map((r) => r.id)).toEqual([keep]);
    const audited = await db
      .select({ target: auditLog.target })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'deleteMessages'), sql`${auditLog.params}->>'job' = ${String(jobId)}`));
    expect(audited.flatMap((a) => (a.target as { messageIds: number[] }).messageIds).sort()).toEqual(
      [...wave].sort(),
    );
  }, 120_000);

  it('site bans each distinct sender of the matches as one job; a protected account is refused in words', async () => {
    const { startSiteBanSendersJob } = await import('./actions');
    const { createMember } = await import('@/lib/infra/auth/members');
    const moderator = current.member;
    const owner = await createMember({
      email: `messages-ban-${Date.now()}@example.test`,
      name: 'Messages Ban Admin',
      password: 'messages-ban-password',
      role: 'admin',
    });
    const c = t.site.credentials;
    const [alice, third] = [Number(c.BM_SITE_USER2_ID), Number(c.BM_SITE_USER3_ID)];
    const ban = `banwave${Date.now().toString(36)}`;
    const ids = [
      await send(`Buy ${ban} now`, clientAs(t.site, '2'), third),
      await send(`Buy ${ban} again`, clientAs(t.site, '2'), third),
      await send(`Buy ${ban} too`, clientAs(t.site, '3'), alice),
      await send(`Quoting ${ban} as the admin`),
    ];
    await refreshMessages(siteId, ids);
    const input = {
      siteId,
      scope: { kind: 'all' as const, search: `q=${ban}` },
      kind: 'ban' as const,
      endsInMinutes: 60,
      reason: 'ban wave',
    };
    // Moderators may delete, not site-ban.
    expect(await startSiteBanSendersJob(input)).toMatchObject({ ok: false, code: 'forbidden' });
    current.member = owner;
    try {
      const answer = await startSiteBanSendersJob(input);
      expect(answer).toMatchObject({ ok: true, data: { total: 3 } });
      const jobId = (answer as { data: { jobId: number } }).data.jobId;
      const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
      try {
        await until(jobId, ['done']);
      } finally {
        await runner.stop();
      }
      const db = await getDb();
      const items = await db.select().from(jobItems).where(eq(jobItems.jobId, jobId));
      const byKey = Object.fromEntries(items.map((i) => [i.key, i]));
      expect(byKey[`sender:${alice}`]!.status).toBe('done');
      expect(byKey[`sender:${third}`]!.status).toBe('done');
      const adminItem = items.find((i) => i.key !== `sender:${alice}` && i.key !== `sender:${third}`)!;
      expect(adminItem.status).toBe('failed');
      expect(adminItem.error).toMatch(/protected/i);
      const decisions = await db
        .select({
          bmUserId: standingDecisions.bmUserId,
          kind: standingDecisions.kind,
          endsAt: standingDecisions.endsAt,
        })
        .from(standingDecisions)
        .where(
          and(eq(standingDecisions.siteId, siteId), inArray(standingDecisions.bmUserId, [alice, third])),
        );
      expect(decisions.map((d) => d.bmUserId).sort()).toEqual([alice, third].sort());
      expect(decisions.every((d) => d.kind === 'ban' && d.endsAt !== null)).toBe(true);
      // Again: each already stands, so the items end 'gone' with the words to extend it.
      const again = await startSiteBanSendersJob({
        ...input,
        scope: { kind: 'selected', messageIds: ids.slice(0, 1) },
      });
      const againId = (again as { data: { jobId: number } }).data.jobId;
      const runner2 = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
      try {
        await until(againId, ['done']);
      } finally {
        await runner2.stop();
      }
      const [item] = await db.select().from(jobItems).where(eq(jobItems.jobId, againId));
      expect(item).toMatchObject({ status: 'gone' });
      expect(item!.error).toMatch(/already has site ban/);
    } finally {
      current.member = moderator;
    }
  }, 120_000);
});

/**
 * The queues' bulk decisions as a durable job, against the demo site over real HTTP and PGlite
 * (or PostgreSQL): a bulk dismiss clears the reports on the site and audits each message as
 * `dismissReports` with the job's id; a message another moderator dismissed meanwhile ends 'gone'
 * with who handled it; bulk approve and reject of pending messages; support may start a bulk
 * dismiss but not a bulk delete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import {
  createBmClient,
  getAdminMessages,
  getAdminMessagesByIds,
  type BmClient,
} from '@/lib/infra/better-messages';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { moderationDecisions } from '@/lib/services/decisions/schema';
import { auditLog } from '@/lib/infra/db/schema';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { decide } from '@/lib/services/queues/decide';
import { dismissAct } from '@/lib/services/queues/queue-decisions';
import { insertSite } from '@/lib/services/sites/queries';
import { JobRunner } from './runner';
import { jobItems, jobs } from './schema';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

let site: DemoSite;
let dir: string;
let admin: BmClient;
let siteId: number;
let moderator: Member;
let other: Member;
let support: Member;
let start: typeof import('./start-actions');

async function until(jobId: number, statuses: string[], timeoutMs = 30_000) {
  const db = await getDb();
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    if (job && statuses.includes(job.status)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${job?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function itemsOf(jobId: number) {
  const db = await getDb();
  return db.select().from(jobItems).where(eq(jobItems.jobId, jobId)).orderBy(asc(jobItems.seq));
}

async function auditedFor(action: string, jobId: number) {
  const db = await getDb();
  const rows = await db
    .select({ target: auditLog.target })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), sql`${auditLog.params}->>'job' = ${String(jobId)}`));
  return rows.map((r) => (r.target as { messageId: number }).messageId).sort((a, b) => a - b);
}

/** Starts the job through the action, as the bulk bar does, and runs it to its end. */
async function runJob(input: Parameters<typeof start.startQueueBulkJob>[0]) {
  const answer = await start.startQueueBulkJob(input);
  expect(answer).toMatchObject({ ok: true });
  const jobId = (answer as { ok: true; data: { jobId: number } }).data.jobId;
  const runner = new JobRunner({ pollMs: 200, siteIds: [siteId] }).start();
  try {
    await until(jobId, ['done']);
  } finally {
    await runner.stop();
  }
  return jobId;
}

const sortIds = (ids: number[]) => ids.slice().sort((a, b) => a - b);

beforeAll(async () => {
  await getDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-queue-bulk-'));
  site = await startDemoSite({ port: 0, dataDir: dir, size: 'small', reset: true });
  const creds = {
    siteUrl: site.url,
    username: site.credentials.BM_SITE_USER!,
    appPassword: site.credentials.BM_SITE_APP_PASSWORD!,
  };
  admin = createBmClient(creds);
  siteId = (
    await insertSite({
      name: `Queue bulk ${Date.now()}`,
      url: site.url,
      username: creds.username,
      appPassword: creds.appPassword,
      probe: await checkConnection(creds),
    })
  ).id;
  const { createMember } = await import('@/lib/infra/auth/members');
  const stamp = Date.now();
  const make = (role: Member['role'], name: string) =>
    createMember({
      email: `qbulk-${role}-${name.split(' ')[0]!.toLowerCase()}-${stamp}@example.test`,
      name,
      password: 'queue-bulk-password',
      role,
    });
  moderator = await make('moderator', 'Mara Mod');
  other = await make('moderator', 'Otto Mod');
  support = await make('support', 'Sue Support');
  current.member = moderator;
  start = await import('./start-actions');
});

afterAll(async () => {
  await site?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('queue bulk job', () => {
  it("dismiss: reports gone on the site, each audited as dismissReports; one dismissed meanwhile is 'gone'", async () => {
    const reported = await getAdminMessages(admin, { reported: true });
    const targets = reported.messages
      .filter((m) => (m.reports ?? []).length > 0)
      .slice(0, 4)
      .map((m) => m.id);
    expect(targets.length, 'the demo site has four user-reported messages').toBe(4);
    // Another moderator dismisses the last one before the job reaches it.
    const first = { siteId, messageId: targets[3]! };
    await decide(first, other, 'report', 'dismiss', dismissAct(first));

    const jobId = await runJob({ siteId, queue: 'report', decision: 'dismiss', messageIds: targets });
    const items = await itemsOf(jobId);
    expect(items.map((i) => i.status)).toEqual(['done', 'done', 'done', 'gone']);
    expect(items[3]!.error).toMatch(/Already handled: Otto Mod chose “dismiss”/);
    const after = await getAdminMessagesByIds(admin, targets);
    for (const row of after.rows) expect(row.reports ?? []).toHaveLength(0);
    // Every item is on record under the single decision's name, the refused one too.
    expect(await auditedFor('dismissReports', jobId)).toEqual(sortIds(targets));
    // Each dismissal the job made is a statement of reasons of its own (the one gone is not).
    const db = await getDb();
    const recorded = await db
      .select({ kind: moderationDecisions.kind, messageIds: moderationDecisions.messageIds })
      .from(moderationDecisions)
      .where(eq(moderationDecisions.siteId, siteId));
    const fromJob = recorded.filter((r) => targets.slice(0, 3).includes(r.messageIds[0]!));
    expect(fromJob.map((r) => r.kind)).toEqual(['dismiss', 'dismiss', 'dismiss']);
    expect(sortIds(fromJob.map((r) => r.messageIds[0]!))).toEqual(sortIds(targets.slice(0, 3)));
  });

  it('support may start a bulk dismiss but not a bulk delete', async () => {
    current.member = support;
    try {
      const reported = await getAdminMessages(admin, { reported: true });
      const target = reported.messages.find((m) => (m.reports ?? []).length > 0);
      expect(target).toBeDefined();
      expect(
        await start.startQueueBulkJob({
          siteId,
          queue: 'report',
          decision: 'delete',
          messageIds: [target!.id],
        }),
      ).toMatchObject({ ok: false, code: 'forbidden' });
      const jobId = await runJob({ siteId, queue: 'report', decision: 'dismiss', messageIds: [target!.id] });
      expect((await itemsOf(jobId)).map((i) => i.status)).toEqual(['done']);
      expect((await getAdminMessagesByIds(admin, [target!.id])).rows[0]?.reports ?? []).toHaveLength(0);
    } finally {
      current.member = moderator;
    }
  });

  it("support may cancel a bulk dismiss, never a moderator's bulk delete", async () => {
    const { startJob } = await import('./start');
    const { cancelJob } = await import('./actions');
    const job = (decision: string) =>
      startJob({
        siteId,
        kind: 'queueBulk',
        label: `Bulk ${decision}`,
        params: { queue: 'report', decision },
        items: [{ key: '999999', label: '#999999' }],
        member: { id: moderator.id, email: moderator.email, role: moderator.role },
      });
    // No runner here: both jobs stay queued while support tries.
    const deleteJob = await job('delete');
    const dismissJob = await job('dismiss');
    current.member = support;
    try {
      expect(await cancelJob({ jobId: deleteJob })).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await cancelJob({ jobId: dismissJob })).toMatchObject({ ok: true });
    } finally {
      current.member = moderator;
    }
    const db = await getDb();
    const rows = await db
      .select({ id: jobs.id, status: jobs.status })
      .from(jobs)
      .where(eq(jobs.siteId, siteId));
    expect(rows.find((r) => r.id === deleteJob)?.status).toBe('queued');
    expect(rows.find((r) => r.id === dismissJob)?.status).toBe('cancelled');
    await cancelJob({ jobId: deleteJob });
  });

  it('reject and approve pending messages: deleted, delivered, each audited under its own name', async () => {
    const waiting = await getAdminMessages(admin, { pending: true });
    const ids = waiting.messages.slice(0, 4).map((m) => m.id);
    expect(ids.length, 'the demo site has four pending messages').toBe(4);
    const [toReject, toApprove] = [ids.slice(0, 2), ids.slice(2, 4)];

    const rejectJob = await runJob({ siteId, queue: 'pending', decision: 'reject', messageIds: toReject });
    expect((await itemsOf(rejectJob)).map((i) => i.status)).toEqual(['done', 'done']);
    expect((await getAdminMessagesByIds(admin, toReject)).rows).toHaveLength(0);
    expect(await auditedFor('rejectPendingMessage', rejectJob)).toEqual(sortIds(toReject));

    // One this member rejected in the first job: 'gone' in the approve job, said as theirs.
    const approveJob = await runJob({
      siteId,
      queue: 'pending',
      decision: 'approve',
      messageIds: [...toApprove, toReject[0]!],
    });
    const approved = await itemsOf(approveJob);
    expect(approved.map((i) => i.status)).toEqual(['done', 'done', 'gone']);
    expect(approved[2]!.error).toMatch(/^You already decided it \(“reject”\)/);
    const rows = (await getAdminMessagesByIds(admin, toApprove)).rows;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.is_pending ?? false).toBe(false);
    expect(await auditedFor('approvePendingMessage', approveJob)).toEqual(
      sortIds([...toApprove, toReject[0]!]),
    );
  });

  it('refuses a decision that is not taken in bulk', async () => {
    expect(
      await start.startQueueBulkJob({ siteId, queue: 'report', decision: 'ban', messageIds: [1] }),
    ).toMatchObject({ ok: false, code: 'invalid-decision' });
  });
});

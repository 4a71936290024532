import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { jobItems, jobs, type JobItemStatus } from './schema';
import { estimateSeconds, emptyCounts, listRecentJobs } from './queries';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

const MIN = 60_000;
let siteId = 0;
const people = {} as Record<'moderator' | 'support', Member>;

beforeAll(async () => {
  const db = await getDb();
  const [site] = await db
    .insert(sites)
    .values({
      slug: `jobs-${Date.now()}`,
      name: 'Jobs',
      url: 'https://jobs.test',
      username: 'a',
      sealedPassword: 'x',
    })
    .returning({ id: sites.id });
  siteId = site!.id;
  const { createMember } = await import('@/lib/infra/auth/members');
  for (const role of ['moderator', 'support'] as const) {
    people[role] = await createMember({
      email: `jobs-${role}-${Date.now()}@example.test`,
      name: `Jobs ${role}`,
      password: 'jobs-password-long',
      role,
    });
  }
});

/** A job whose items have the given statuses; finished ones spread over `spanMs` since start. */
async function makeJob(opts: {
  statuses: JobItemStatus[];
  status?: 'queued' | 'running' | 'done' | 'cancelled';
  kind?: string;
  startedAgoMs?: number;
  finishedAgoMs?: number;
  createdAgoMs?: number;
  label?: string;
}) {
  const db = await getDb();
  const now = Date.now();
  const startedAt = opts.startedAgoMs === undefined ? null : new Date(now - opts.startedAgoMs);
  const [job] = await db
    .insert(jobs)
    .values({
      siteId,
      kind: opts.kind ?? 'threadBulk',
      label: opts.label ?? 'Ban <b>Noah</b> in threads',
      params: {},
      memberId: people.moderator.id,
      status: opts.status ?? 'running',
      total: opts.statuses.length,
      createdAt: new Date(now - (opts.createdAgoMs ?? opts.startedAgoMs ?? 0)),
      startedAt,
      finishedAt: opts.finishedAgoMs === undefined ? null : new Date(now - opts.finishedAgoMs),
    })
    .returning({ id: jobs.id });
  await db.insert(jobItems).values(
    opts.statuses.map((status, seq) => ({
      jobId: job!.id,
      seq,
      key: String(seq + 1),
      label: `Thread ${seq + 1}`,
      status,
      attempts: status === 'pending' ? 0 : 1,
      error: status === 'failed' ? `The site refused item ${seq + 1}.` : null,
      code: status === 'failed' ? 'refused' : null,
      finishedAt: ['done', 'failed', 'gone'].includes(status) && startedAt ? new Date(now - 1000) : null,
    })),
  );
  return job!.id;
}

async function itemStatuses(jobId: number) {
  const db = await getDb();
  const rows = await db
    .select({ seq: jobItems.seq, status: jobItems.status, attempts: jobItems.attempts })
    .from(jobItems)
    .where(eq(jobItems.jobId, jobId))
    .orderBy(jobItems.seq);
  return rows;
}

describe('jobs tray queries', () => {
  it('counts items per status, estimates the time left and lists the failed items', async () => {
    const id = await makeJob({
      statuses: [
        'done',
        'done',
        'done',
        'failed',
        'gone',
        'running',
        'pending',
        'pending',
        'pending',
        'pending',
      ],
      startedAgoMs: 10_000,
    });
    const list = await listRecentJobs(people.moderator);
    const job = list.find((j) => j.id === id)!;
    expect(job.counts).toMatchObject({ done: 3, failed: 1, gone: 1, running: 1, pending: 4, cancelled: 0 });
    expect(job.total).toBe(10);
    // 5 finished in 10 s → 5 left take 10 s.
    expect(job.etaSeconds).toBeGreaterThanOrEqual(9);
    expect(job.etaSeconds).toBeLessThanOrEqual(11);
    expect(job.failed).toEqual([
      { seq: 3, label: 'Thread 4', code: 'refused', error: 'The site refused item 4.' },
    ]);
    expect(job.label).toBe('Ban <b>Noah</b> in threads');
    expect(job.startedBy).toBe('Jobs moderator');
    expect(job.canAct).toBe(true);
    // Support sees the job (every member sees every site) but may not stop a ban.
    const forSupport = (await listRecentJobs(people.support)).find((j) => j.id === id)!;
    expect(forSupport.canAct).toBe(false);
  });

  it('keeps finished jobs for a day, open ones always', async () => {
    const recent = await makeJob({
      statuses: ['done'],
      status: 'done',
      startedAgoMs: 2 * MIN,
      finishedAgoMs: MIN,
    });
    const old = await makeJob({
      statuses: ['done'],
      status: 'done',
      startedAgoMs: 25 * 60 * MIN,
      finishedAgoMs: 25 * 60 * MIN - MIN,
    });
    const oldOpen = await makeJob({ statuses: ['pending'], status: 'queued', createdAgoMs: 30 * 60 * MIN });
    const ids = (await listRecentJobs(people.moderator)).map((j) => j.id);
    expect(ids).toContain(recent);
    expect(ids).toContain(oldOpen);
    expect(ids).not.toContain(old);
  });

  it('has no ETA before an item finished or once nothing is left', () => {
    const c = { ...emptyCounts(), pending: 3 };
    expect(estimateSeconds('running', c, new Date(), 0)).toBeNull();
    expect(estimateSeconds('running', emptyCounts(), new Date(Date.now() - 5000), 4)).toBeNull();
    expect(estimateSeconds('done', c, new Date(Date.now() - 5000), 4)).toBeNull();
    expect(estimateSeconds('running', c, new Date(Date.now() - 4000), 4)).toBe(3);
  });
});

describe('jobs tray actions', () => {
  it('cancel: pending items end cancelled, running ones are left to finish', async () => {
    const { cancelJob } = await import('./actions');
    const id = await makeJob({ statuses: ['done', 'running', 'pending', 'pending'], startedAgoMs: 5000 });
    current.member = people.moderator;
    const result = await cancelJob({ jobId: id });
    expect(result).toEqual({ ok: true, data: { cancelled: 2 } });
    expect((await itemStatuses(id)).map((i) => i.status)).toEqual([
      'done',
      'running',
      'cancelled',
      'cancelled',
    ]);
    const db = await getDb();
    const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ status: 'cancelled', cancelledBy: people.moderator.id });
    expect(job!.finishedAt).not.toBeNull();
    // A second cancel is refused in words.
    expect(await cancelJob({ jobId: id })).toMatchObject({ ok: false, code: 'already-finished' });
  });

  it('cancel and retry are refused to a role the kind does not allow', async () => {
    const { cancelJob, retryFailedJobItems } = await import('./actions');
    const id = await makeJob({ statuses: ['failed', 'pending'], startedAgoMs: 5000 });
    current.member = people.support;
    expect(await cancelJob({ jobId: id })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await retryFailedJobItems({ jobId: id })).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await itemStatuses(id)).map((i) => i.status)).toEqual(['failed', 'pending']);
    // A triage job is support's to stop.
    const triage = await makeJob({ statuses: ['pending'], kind: 'triageBulk' });
    expect(await cancelJob({ jobId: triage })).toMatchObject({ ok: true });
  });

  it('retry: only the failed items go back to pending, attempts kept, the job queued again', async () => {
    const { retryFailedJobItems } = await import('./actions');
    const id = await makeJob({
      statuses: ['done', 'failed', 'gone', 'failed', 'cancelled'],
      status: 'done',
      startedAgoMs: 60_000,
      finishedAgoMs: 1000,
    });
    current.member = people.moderator;
    expect(await retryFailedJobItems({ jobId: id })).toEqual({ ok: true, data: { retried: 2 } });
    const items = await itemStatuses(id);
    expect(items.map((i) => i.status)).toEqual(['done', 'pending', 'gone', 'pending', 'cancelled']);
    expect(items.map((i) => i.attempts)).toEqual([1, 1, 1, 1, 1]);
    const db = await getDb();
    const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ status: 'queued', finishedAt: null });
    const listed = (await listRecentJobs(people.moderator)).find((j) => j.id === id)!;
    expect(listed.failed).toEqual([]);
    expect(listed.counts.pending).toBe(2);
    // Nothing failed any more: a second retry says so.
    expect(await retryFailedJobItems({ jobId: id })).toMatchObject({ ok: false, code: 'nothing-failed' });
  });
});

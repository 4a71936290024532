/** GET /api/jobs, the jobs tray's poll: JSON to a member, a refusal in words without a session. */
import { describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { jobItems, jobs } from '@/lib/services/jobs/schema';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));

describe('GET /api/jobs', () => {
  it('answers the jobs as JSON to a member, and a refusal in words without a session', async () => {
    const { GET } = await import('@/app/api/jobs/route');
    current.member = null;
    const refused = await GET();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ ok: false, error: 'Your session has ended. Sign in again.' });

    const db = await getDb();
    const [site] = await db
      .insert(sites)
      .values({
        slug: `route-${Date.now()}`,
        name: 'Route',
        url: 'https://route.test',
        username: 'a',
        sealedPassword: 'x',
      })
      .returning({ id: sites.id });
    const [job] = await db
      .insert(jobs)
      .values({
        siteId: site!.id,
        kind: 'threadBulk',
        label: 'Erase 2 threads',
        params: {},
        total: 2,
        status: 'running',
      })
      .returning({ id: jobs.id });
    await db.insert(jobItems).values([
      { jobId: job!.id, seq: 0, key: '1', label: 'One', status: 'done', finishedAt: new Date() },
      { jobId: job!.id, seq: 1, key: '2', label: 'Two' },
    ]);
    const { createMember } = await import('@/lib/infra/auth/members');
    current.member = await createMember({
      email: `route-${Date.now()}@example.test`,
      name: 'Route Support',
      password: 'route-password-long',
      role: 'support',
    });
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      ok: boolean;
      open: number;
      jobs: { id: number; status: string; canAct: boolean; counts: Record<string, number> }[];
    };
    expect(body.ok).toBe(true);
    // `open` counts the listed jobs still queued or running: this one, and any another test file
    // left open in a shared PostgreSQL database (every member sees every site's jobs).
    const open = body.jobs.filter((j) => j.status === 'queued' || j.status === 'running');
    expect(open.map((j) => j.id)).toContain(job!.id);
    expect(body.open).toBe(open.length);
    // Support sees the job, but may not cancel an erase.
    expect(body.jobs.find((j) => j.id === job!.id)).toMatchObject({
      canAct: false,
      counts: { done: 1, pending: 1 },
    });
  });
});

'use server';

import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { defineAction } from '@/lib/infra/actions/define-action';
import { ActionRefusal } from '@/lib/infra/actions/result';
import type { Member } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { getDb } from '@/lib/infra/db/client';
import { jobKindPermission } from './kind-permissions';
import { jobItems, jobs } from './schema';
import { notifyCancelled, wakeRunner } from './wake';

const JobInput = z.object({ jobId: z.coerce.number().int().positive() });

/** The job, if the member may act on it: whoever may start a job of its kind. */
async function jobFor(member: Member, jobId: number) {
  const db = await getDb();
  const [job] = await db
    .select({
      id: jobs.id,
      siteId: jobs.siteId,
      kind: jobs.kind,
      params: jobs.params,
      status: jobs.status,
      label: jobs.label,
    })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  if (!job) throw new ActionRefusal('This job no longer exists.', 'not-found');
  if (!can(member.role, jobKindPermission(job.kind, job.params))) {
    throw new ActionRefusal(`Your role (${member.role}) is not allowed to do this.`, 'forbidden');
  }
  return job;
}

async function jobSubject(input: { jobId: number }) {
  const db = await getDb();
  const [job] = await db
    .select({ siteId: jobs.siteId, kind: jobs.kind, label: jobs.label })
    .from(jobs)
    .where(eq(jobs.id, input.jobId));
  return {
    siteId: job?.siteId,
    target: { jobId: input.jobId },
    params: job ? { kind: job.kind, label: job.label } : {},
  };
}

/**
 * Stops a job: no item is claimed any more, the pending ones end 'cancelled'. Items already
 * running finish (their call is on its way to the site) and keep their outcome.
 */
export const cancelJob = defineAction({
  name: 'cancelJob',
  // Every role reaches the check; the job's kind decides (a triage job is support's to stop).
  permission: 'desk.read',
  input: JobInput,
  audit: jobSubject,
  run: async ({ jobId }, { member }) => {
    const job = await jobFor(member, jobId);
    if (job.status === 'done' || job.status === 'cancelled') {
      throw new ActionRefusal(
        job.status === 'done' ? 'This job has already finished.' : 'This job is already cancelled.',
        'already-finished',
      );
    }
    const db = await getDb();
    const result = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(jobs)
        .set({ status: 'cancelled', cancelledBy: member.id, finishedAt: new Date() })
        .where(and(eq(jobs.id, jobId), inArray(jobs.status, ['queued', 'running'])))
        .returning({ id: jobs.id });
      if (!updated) throw new ActionRefusal('This job has already finished.', 'already-finished');
      const cancelled = await tx
        .update(jobItems)
        .set({ status: 'cancelled', finishedAt: new Date() })
        .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'pending')))
        .returning({ seq: jobItems.seq });
      return { cancelled: cancelled.length };
    });
    notifyCancelled(jobId);
    return result;
  },
});

/**
 * Runs the failed items of a job again: they go back to 'pending' (their attempts kept), the job
 * back to 'queued'. Done, gone and cancelled items stay as they are.
 */
export const retryFailedJobItems = defineAction({
  name: 'retryFailedJobItems',
  permission: 'desk.read',
  input: JobInput,
  audit: jobSubject,
  run: async ({ jobId }, { member }) => {
    await jobFor(member, jobId);
    const db = await getDb();
    const retried = await db.transaction(async (tx) => {
      const items = await tx
        .update(jobItems)
        .set({
          status: 'pending',
          code: null,
          error: null,
          finishedAt: null,
          lockedBy: null,
          lockedUntil: null,
        })
        .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'failed')))
        .returning({ seq: jobItems.seq });
      if (items.length === 0)
        throw new ActionRefusal('This job has no failed items to retry.', 'nothing-failed');
      // startedAt anew: the tray's ETA counts only what finished since the retry began.
      await tx
        .update(jobs)
        .set({ status: 'queued', finishedAt: null, startedAt: null, cancelledBy: null })
        .where(eq(jobs.id, jobId));
      return items.length;
    });
    wakeRunner();
    return { retried };
  },
});

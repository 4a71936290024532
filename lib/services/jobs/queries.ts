/**
 * The jobs tray's reads: the recent jobs (open ones, and those finished in the last day) with
 * their counts per item status, an ETA and the failed items' words. Every member sees every
 * site's desk (there is no per-site access), so every member sees every site's jobs, as the
 * audit log shows every member every action; who may cancel or retry follows the job's kind.
 */
import 'server-only';
import { and, asc, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Member } from '@/lib/infra/auth/members';
import { can } from '@/lib/infra/auth/permissions';
import { getDb } from '@/lib/infra/db/client';
import { members, sites } from '@/lib/infra/db/schema';
import { jobKindPermission } from './kind-permissions';
import { JOB_ITEM_STATUSES, jobItems, jobs, type JobItemStatus } from './schema';
import type { FailedJobItem, JobItemCounts, JobView } from './job-view';

/** How long a finished job stays in the tray. */
export const FINISHED_JOBS_KEPT_MS = 24 * 60 * 60 * 1000;
/** At most this many jobs in the tray, the newest first. */
export const JOBS_LISTED = 30;
/** Failed items listed per job (the rest are counted). */
export const FAILED_ITEMS_LISTED = 20;

export function emptyCounts(): JobItemCounts {
  return Object.fromEntries(JOB_ITEM_STATUSES.map((s) => [s, 0])) as JobItemCounts;
}

/**
 * Seconds left: the items still to run at the rate items finished since the job (re)started.
 * Null when nothing finished yet, the job is not running, or nothing is left.
 */
export function estimateSeconds(
  status: string,
  counts: JobItemCounts,
  startedAt: Date | null,
  finishedSinceStart: number,
  now: number = Date.now(),
): number | null {
  if (status !== 'running' && status !== 'queued') return null;
  const left = counts.pending + counts.running;
  if (left === 0 || !startedAt || finishedSinceStart === 0) return null;
  const elapsed = Math.max(1, now - startedAt.getTime());
  return Math.max(1, Math.round((left * elapsed) / finishedSinceStart / 1000));
}

/** The jobs the member sees in the tray, newest first. */
export async function listRecentJobs(
  member: Pick<Member, 'role'>,
  now: number = Date.now(),
): Promise<JobView[]> {
  const db = await getDb();
  const since = new Date(now - FINISHED_JOBS_KEPT_MS);
  const rows = await db
    .select({
      id: jobs.id,
      siteId: jobs.siteId,
      siteSlug: sites.slug,
      siteName: sites.name,
      kind: jobs.kind,
      params: jobs.params,
      label: jobs.label,
      status: jobs.status,
      total: jobs.total,
      createdAt: jobs.createdAt,
      startedAt: jobs.startedAt,
      finishedAt: jobs.finishedAt,
      startedBy: members.name,
    })
    .from(jobs)
    .innerJoin(sites, eq(sites.id, jobs.siteId))
    .leftJoin(members, eq(members.id, jobs.memberId))
    .where(
      or(
        inArray(jobs.status, ['queued', 'running']),
        gte(jobs.finishedAt, since),
        // A job cancelled or finished without a finishing time: by when it was created.
        and(sql`${jobs.finishedAt} is null`, gte(jobs.createdAt, since)),
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(JOBS_LISTED);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);

  const countRows = await db
    .select({
      jobId: jobItems.jobId,
      status: jobItems.status,
      n: sql<number>`count(*)::int`,
      sinceStart: sql<number>`count(*) filter (where ${jobItems.finishedAt} >= ${jobs.startedAt} and ${jobItems.status} in ('done', 'failed', 'gone'))::int`,
    })
    .from(jobItems)
    .innerJoin(jobs, eq(jobs.id, jobItems.jobId))
    .where(inArray(jobItems.jobId, ids))
    .groupBy(jobItems.jobId, jobItems.status);
  const counts = new Map<number, JobItemCounts>();
  const finishedSinceStart = new Map<number, number>();
  for (const c of countRows) {
    const entry = counts.get(c.jobId) ?? emptyCounts();
    entry[c.status as JobItemStatus] = Number(c.n);
    counts.set(c.jobId, entry);
    finishedSinceStart.set(c.jobId, (finishedSinceStart.get(c.jobId) ?? 0) + Number(c.sinceStart));
  }

  const withFailures = rows.filter((r) => (counts.get(r.id)?.failed ?? 0) > 0).map((r) => r.id);
  const failed = await failedItemsOf(withFailures);

  return rows.map((r) => {
    const c = counts.get(r.id) ?? emptyCounts();
    return {
      id: r.id,
      siteId: r.siteId,
      siteSlug: r.siteSlug,
      siteName: r.siteName,
      kind: r.kind,
      label: r.label,
      status: r.status,
      total: r.total,
      counts: c,
      startedBy: r.startedBy ?? null,
      createdAt: r.createdAt.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      etaSeconds: estimateSeconds(r.status, c, r.startedAt, finishedSinceStart.get(r.id) ?? 0, now),
      canAct: can(member.role as Member['role'], jobKindPermission(r.kind, r.params)),
      failed: failed.get(r.id) ?? [],
    };
  });
}

/** The first failed items of each job, in item order, with the site's words. */
async function failedItemsOf(jobIds: number[]): Promise<Map<number, FailedJobItem[]>> {
  const out = new Map<number, FailedJobItem[]>();
  if (jobIds.length === 0) return out;
  const db = await getDb();
  const rows = await db
    .select({
      jobId: jobItems.jobId,
      seq: jobItems.seq,
      label: jobItems.label,
      code: jobItems.code,
      error: jobItems.error,
    })
    .from(jobItems)
    .where(and(inArray(jobItems.jobId, jobIds), eq(jobItems.status, 'failed')))
    .orderBy(asc(jobItems.jobId), asc(jobItems.seq));
  for (const r of rows) {
    const list = out.get(r.jobId) ?? [];
    if (list.length < FAILED_ITEMS_LISTED)
      list.push({ seq: r.seq, label: r.label, code: r.code, error: r.error });
    out.set(r.jobId, list);
  }
  return out;
}

/** One job's failed items (all of them, for a long list), in item order. */
export async function listFailedJobItems(jobId: number): Promise<FailedJobItem[]> {
  const db = await getDb();
  return db
    .select({ seq: jobItems.seq, label: jobItems.label, code: jobItems.code, error: jobItems.error })
    .from(jobItems)
    .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, 'failed')))
    .orderBy(asc(jobItems.seq));
}

/** A job's row, for the actions (its kind decides who may act on it). */
export async function getJob(jobId: number) {
  const db = await getDb();
  const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  return row ?? null;
}

/** Counts per item status of one job (the starting UIs show them live). */
export async function getJobCounts(jobId: number): Promise<JobItemCounts> {
  const db = await getDb();
  const rows = await db
    .select({ status: jobItems.status, n: sql<number>`count(*)::int` })
    .from(jobItems)
    .where(eq(jobItems.jobId, jobId))
    .groupBy(jobItems.status);
  const c = emptyCounts();
  for (const r of rows) c[r.status as JobItemStatus] = Number(r.n);
  return c;
}

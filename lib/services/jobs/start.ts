/**
 * Starting a durable job: the job row and one row per item are written in one transaction, so
 * a job is either wholly there or not at all; then this process's runner is woken (other
 * processes find it on their next poll, within a couple of seconds).
 */
import 'server-only';
import { getDb } from '@/lib/infra/db/client';
import { jobItems, jobs } from './schema';
import type { StartJobInput } from './kind';
import { jobKind } from './kinds';
import { wakeRunner } from './wake';

/** Rows per INSERT: keeps each statement's parameter count far below PostgreSQL's 65,535. */
const INSERT_CHUNK = 1000;

/** Inserts the job and its items; answers the job's id. Duplicate item keys are kept once. */
export async function startJob(input: StartJobInput): Promise<number> {
  const kind = jobKind(input.kind);
  if (!kind) throw new Error(`Unknown job kind "${input.kind}".`);
  kind.parseParams(input.params);
  const seen = new Set<string>();
  const items = input.items.filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)));
  if (items.length === 0) throw new Error('A job needs at least one item.');
  const db = await getDb();
  const jobId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(jobs)
      .values({
        siteId: input.siteId,
        kind: input.kind,
        label: input.label,
        params: input.params,
        memberId: input.member?.id ?? null,
        total: items.length,
      })
      .returning({ id: jobs.id });
    const id = row!.id;
    for (let at = 0; at < items.length; at += INSERT_CHUNK) {
      await tx.insert(jobItems).values(
        items.slice(at, at + INSERT_CHUNK).map((item, i) => ({
          jobId: id,
          seq: at + i,
          key: item.key,
          label: item.label,
        })),
      );
    }
    return id;
  });
  wakeRunner();
  return jobId;
}

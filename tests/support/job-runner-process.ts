/**
 * One BM Desk job runner in a process of its own, for the test of several processes sharing the
 * work of one job on PostgreSQL (lib/services/jobs/runner-processes.pg.test.ts). Test-only helper.
 *
 *   node --import tsx --conditions=react-server tests/support/job-runner-process.ts
 *
 * Opens the database (DATABASE_URL), prints {"ready":true}, reads "<jobId> <siteId>" from stdin,
 * runs (for that site's jobs only) until that job is no longer open, then prints {"id": <runner id>, "ended": {...}} and exits.
 */
import { eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/lib/infra/db/client';
import { JobRunner } from '@/lib/services/jobs/runner';
import { jobs } from '@/lib/services/jobs/schema';

const db = await getDb();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const [jobId, siteId] = await new Promise<number[]>((resolve) => {
  let buf = '';
  process.stdin.on('data', (d: Buffer) => {
    buf += d.toString();
    if (buf.includes('\n')) resolve(buf.trim().split(/\s+/).map(Number));
  });
});
const runner = new JobRunner({ pollMs: 100, wakeable: false, siteIds: [siteId!] }).start();
const deadline = Date.now() + 120_000;
for (;;) {
  const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId!));
  if (job && job.status !== 'queued' && job.status !== 'running') break;
  if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job?.status}`);
  await new Promise((r) => setTimeout(r, 100));
}
await runner.stop();
process.stdout.write(`${JSON.stringify({ id: runner.id, ended: runner.ended })}\n`);
await closeDb();
process.exit(0);

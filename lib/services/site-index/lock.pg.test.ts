/**
 * One syncer per site across processes, on PostgreSQL only (the advisory lock is PostgreSQL's;
 * PGlite has one owning process). Runs in `npm run test:pg`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { readState } from './sync/context';
import { clientAs, connectSite, startTestSite, stopTestSite, waitFor } from '@/tests/support/site-index';
import { SyncWorker } from './worker';

describe('site sync lock (PostgreSQL)', () => {
  let t: Awaited<ReturnType<typeof startTestSite>>;
  beforeAll(async () => {
    t = await startTestSite();
  });
  afterAll(async () => {
    await stopTestSite(t);
  });

  it('two workers, one site: only one syncs; the other takes over when it stops', async () => {
    const { siteId } = await connectSite(t.site);
    const options = {
      scanMs: 100,
      siteIds: async () => [siteId],
      clientFor: async () => clientAs(t.site),
      sync: { tickMs: 50 },
    };
    const first = new SyncWorker(options);
    const second = new SyncWorker(options);
    first.start();
    await waitFor('first worker syncing', async () => first.siteIds.includes(siteId));
    second.start();
    await new Promise((r) => setTimeout(r, 500));
    expect(first.siteIds).toEqual([siteId]);
    expect(second.siteIds).toEqual([]);
    const db = await getDb();
    await waitFor('owner recorded', async () => (await readState(db, siteId)).owner === first.name);

    await first.stop();
    await waitFor('second worker takes over', async () => second.siteIds.includes(siteId));
    await waitFor('owner moves', async () => (await readState(db, siteId)).owner === second.name);
    await second.stop();
  });
});

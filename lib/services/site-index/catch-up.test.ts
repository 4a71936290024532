/**
 * Catch-up after a gap, against the demo site over real HTTP on the real database: a burst that
 * arrived while BM Desk was stopped is read by the lanes newest first, the status says how far
 * behind the index is, and a new message beyond a run of unused ids is found by the next probe.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aroundCalls } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { getCatchUpLags, getSyncProgress, type SyncProgress } from './progress';
import { progressLines } from './progress-summary';
import { indexMessages, syncState, type SyncStateRow } from './schema';
import { readState } from './sync/context';
import { SiteSyncer, type SiteSyncerInput } from './sync/site-syncer';
import {
  backfillFinished,
  burst,
  clientAs,
  connectSite,
  control,
  indexedMessages,
  siteMessages,
  startTestSite,
  stopTestSite,
  waitFor,
} from '@/tests/support/site-index';

let t: Awaited<ReturnType<typeof startTestSite>>;
const fast = { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 300, tickMs: 50 };

beforeAll(async () => {
  t = await startTestSite();
});
afterAll(async () => {
  await stopTestSite(t);
});

function syncer(siteId: number, options: SiteSyncerInput['options'] = {}, client = clientAs(t.site)) {
  return getDb().then((db) => {
    const s = new SiteSyncer({ db, siteId, client, options: { ...fast, ...options } });
    s.start();
    return s;
  });
}

async function indexedAmong(siteId: number, ids: number[]): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(indexMessages)
    .where(sql`${indexMessages.siteId} = ${siteId} AND ${inArray(indexMessages.id, ids)}`);
  return row!.n;
}

const ids = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** A site indexed in full, its syncer stopped: BM Desk is down. */
async function indexedThenStopped() {
  await control(t.site, {}, 'reset');
  const { siteId, client } = await connectSite(t.site);
  const db = await getDb();
  await readState(db, siteId);
  await db.update(syncState).set({ intervalSeconds: 1 }).where(eq(syncState.siteId, siteId));
  const s = await syncer(siteId);
  await waitFor('backfill', () => backfillFinished(siteId), 60_000);
  await waitFor('an incremental pass', async () => (await readState(db, siteId)).lastIncrementalAt !== null);
  await s.stop();
  return { siteId, client, db, before: await readState(db, siteId) };
}

// The burst and two passes over the whole small site: longer than the default on a shared machine.
describe('catch-up after a gap', { timeout: 120_000 }, () => {
  it('reads a burst that came while stopped newest first, through the lanes, saying how far behind it is', async () => {
    const { siteId, client, db, before } = await indexedThenStopped();
    const { firstId, lastId } = await burst(t.site, 6_000);
    expect(firstId).toBeGreaterThan(before.highestId!);
    // Slow answers, so the catch-up is seen under way; a long interval, so only a look at start
    // (the restarted process cannot know what came meanwhile) finds the burst in time.
    await control(t.site, { latencyMs: 120, only: '/better-messages/v1/admin/getMessages' });
    await db.update(syncState).set({ intervalSeconds: 600 }).where(eq(syncState.siteId, siteId));
    const restarted = new Date();
    const s = await syncer(siteId);
    const newest = ids(lastId - 999, lastId);
    let seen: { oldest: number; state: SyncStateRow; progress: SyncProgress; lag?: number } | null = null;
    await waitFor(
      'the newest thousand of the burst',
      async () => {
        if ((await indexedAmong(siteId, newest)) < newest.length) return false;
        seen = {
          oldest: await indexedAmong(siteId, ids(firstId, firstId + 199)),
          state: await readState(db, siteId),
          progress: await getSyncProgress(siteId),
          lag: (await getCatchUpLags()).get(siteId),
        };
        return true;
      },
      30_000,
    );
    const { oldest, state, progress, lag } = seen!;
    // Newest first: the oldest of the burst is still to come when the newest thousand are in.
    expect(oldest).toBe(0);
    expect(state.highestId).toBe(lastId);
    expect(state.status).toBe('catching-up');
    // The status says so, with how far behind, and the sync that started it is after the restart.
    expect(progress.catchUp!.behind).toBeGreaterThan(0);
    expect(progress.catchUp!.behind).toBeLessThanOrEqual(6_000 - 1_000);
    expect(progress.lastIncrementalAt!.getTime()).toBeGreaterThanOrEqual(restarted.getTime());
    expect(progressLines(progress)[0]).toContain(
      `Catching up: ${progress.catchUp!.behind.toLocaleString('en')} messages behind, newest first (${progress.catchUp!.percent}% of ${progress.catchUp!.idsTotal.toLocaleString('en')} new ids)`,
    );
    expect(progressLines(progress).join(' ')).not.toContain('Kept in step');
    // The sites list says so too.
    expect(lag).toBeGreaterThan(0);

    await control(t.site, null);
    await waitFor('the catch-up', async () => (await readState(db, siteId)).status === 'idle', 30_000);
    await s.stop();
    const after = await getSyncProgress(siteId);
    expect(after.catchUp).toBeNull();
    expect((await getCatchUpLags()).has(siteId)).toBe(false);
    expect(progressLines(after)[0]).toContain('Kept in step by incremental sync');
    expect(await indexedMessages(siteId)).toEqual(await siteMessages(client));
  });

  it('finds a new message beyond a run of more than 100 unused ids within one probe, without the first page', async () => {
    const { siteId, client, db } = await indexedThenStopped();
    let firstPages = 0;
    const watched = aroundCalls(clientAs(t.site), (call, req) => {
      const byIds = req?.body !== undefined || req?.query?.message_ids !== undefined;
      if (req?.route.endsWith('/admin/getMessages') && !byIds && !req.query?.pending && !req.query?.reported)
        firstPages++;
      return call();
    });
    // No full pass for an hour: only the probe can find it.
    const restarted = new Date();
    const s = await syncer(siteId, { fullPassMs: 60 * 60_000 }, watched);
    await waitFor(
      'the pass after the restart',
      async () => (await readState(db, siteId)).lastIncrementalAt! > restarted,
    );
    const { lastId } = await burst(t.site, 1, 400);
    const sent = Date.now();
    // The interval is one second: found by the next probe, not the next first-page read.
    await waitFor(
      'the message beyond the gap',
      async () => (await indexedAmong(siteId, [lastId])) === 1,
      3_000,
    );
    expect(Date.now() - sent).toBeLessThan(2_500);
    expect(firstPages).toBe(1);
    await s.stop();
    expect(await indexedMessages(siteId)).toEqual(await siteMessages(client));
  });

  it('finds a burst beyond a gap by probing, and hands it to the lanes from its newest id', async () => {
    const { siteId, client, db } = await indexedThenStopped();
    const restarted = new Date();
    const s = await syncer(siteId, { fullPassMs: 60 * 60_000 });
    await waitFor(
      'the pass after the restart',
      async () => (await readState(db, siteId)).lastIncrementalAt! > restarted,
    );
    await control(t.site, { latencyMs: 120, only: '/better-messages/v1/admin/getMessages' });
    const { firstId, lastId } = await burst(t.site, 5_000, 3_000);
    let opened: SyncStateRow | null = null;
    await waitFor('the catch-up to open', async () => {
      const st = await readState(db, siteId);
      if (st.catchUp.length === 0) return false;
      opened = st;
      return true;
    });
    // The probe found the newest id itself, across the unused ids, without walking up to it.
    expect(opened!.highestId).toBe(lastId);
    expect(opened!.catchUp[0]!.top).toBe(lastId);
    expect(opened!.catchUp[0]!.floor).toBeLessThanOrEqual(firstId);
    await control(t.site, null);
    await waitFor('the catch-up', async () => (await readState(db, siteId)).status === 'idle', 30_000);
    await s.stop();
    expect(await indexedMessages(siteId)).toEqual(await siteMessages(client));
  });
});

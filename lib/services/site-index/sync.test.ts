/**
 * The sync worker against the demo site over real HTTP, on the real database: backfill
 * converges to the site id for id, also while people write and delete; it resumes after a
 * stop; faults are recorded on sync_state and recovered from without losing indexed rows.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aroundCalls, createThread, deleteMessagesSiteWide, sendMessage } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { refreshMessages, refreshThread } from './refresh';
import { indexThreads, syncState } from './schema';
import { readState } from './sync/context';
import { SiteSyncer } from './sync/site-syncer';
import {
  backfillFinished,
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

async function syncer(siteId: number, client = clientAs(t.site, '', { maxRetries: 0 })) {
  const db = await getDb();
  const s = new SiteSyncer({ db, siteId, client, options: fast });
  s.start();
  return s;
}

async function allDetailsRead(siteId: number) {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(indexThreads)
    .where(sql`${indexThreads.siteId} = ${siteId} AND ${indexThreads.detailsSyncedAt} IS NULL`);
  return row!.n === 0;
}

describe('backfill', () => {
  it('converges: the index equals the site id for id, with thread details', async () => {
    await control(t.site, {}, 'reset');
    const { siteId, client } = await connectSite(t.site);
    const s = await syncer(siteId);
    await waitFor('backfill', () => backfillFinished(siteId));
    await waitFor('thread details', () => allDetailsRead(siteId));
    await s.stop();
    const expected = await siteMessages(client);
    expect(expected.length).toBeGreaterThan(1000);
    expect(await indexedMessages(siteId)).toEqual(expected);
    const db = await getDb();
    const threads = await db.select().from(indexThreads).where(eq(indexThreads.siteId, siteId));
    expect(threads.every((th) => th.type !== null || th.gone)).toBe(true);
    const messagesInThreads = threads.reduce((sum, th) => sum + th.messageCount, 0);
    expect(messagesInThreads).toBe(expected.length);
    const state = await readState(db, siteId);
    expect(state.status).toBe('idle');
    // Thread rows were rewritten batch after batch: the syncer vacuumed them itself at the end
    // (autovacuum may be off, and PGlite has none).
    const vacuumed = await db.execute<{ at: string | null }>(
      sql`SELECT last_vacuum AS at FROM pg_stat_user_tables WHERE relname = 'site_index_threads'`,
    );
    const at = (vacuumed as unknown as { rows: { at: string | null }[] }).rows[0]?.at;
    expect(at && new Date(at).getTime()).toBeGreaterThanOrEqual(state.backfillStartedAt!.getTime());
    expect(state.callsPerMinute).toBeGreaterThan(0);
    expect(state.avgAnswerMs).not.toBeNull();
  });

  it('stays exact when messages are written and deleted during the backfill', async () => {
    await control(t.site, {}, 'reset');
    const { siteId, client } = await connectSite(t.site);
    await control(t.site, { latencyMs: 60, only: '/better-messages/v1/admin/getMessages' });
    const s = await syncer(siteId);
    const db = await getDb();
    await waitFor('backfill under way', async () => {
      const st = await readState(db, siteId);
      return st.backfillCursor !== null && st.backfillCursor < (st.highestId ?? 0) - 300;
    });
    const alice = clientAs(t.site, '2');
    const bobId = Number(t.site.credentials.BM_SITE_USER3_ID);
    const created = await createThread(alice, {
      recipientBmUserIds: [bobId],
      message: 'fresh <b>during</b> backfill',
    });
    await sendMessage(alice, created.threadId, { message: 'second fresh message' });
    const st = await readState(db, siteId);
    // One id already covered (top of the range) and one still ahead of the cursor.
    const covered = st.highestId! - 5;
    const ahead = Math.max(2, Math.floor(st.backfillCursor! / 2));
    await deleteMessagesSiteWide(client, [covered, ahead]);
    await waitFor('backfill', () => backfillFinished(siteId), 30_000);
    await control(t.site, null);
    s.poke();
    await waitFor('incremental pass', async () => {
      const now = await readState(db, siteId);
      return (now.highestId ?? 0) >= created.threadId && now.lastIncrementalAt! > st.updatedAt;
    });
    await s.reconcileNow();
    await s.stop();
    const expected = await siteMessages(client);
    const indexed = await indexedMessages(siteId);
    expect(indexed.map((r) => r.id)).not.toContain(covered);
    expect(indexed.map((r) => r.id)).not.toContain(ahead);
    expect(indexed.some((r) => r.text === 'fresh during backfill')).toBe(true);
    expect(indexed).toEqual(expected);
  });

  it('resumes from the committed cursor after a stop mid-backfill', async () => {
    await control(t.site, {}, 'reset');
    const { siteId, client } = await connectSite(t.site);
    // Slow answers, and a stop right after the first batch: the lanes' calls in flight then
    // cannot cover the whole (small) site before they wind down.
    await control(t.site, { latencyMs: 200, only: '/better-messages/v1/admin/getMessages' });
    const db = await getDb();
    const first = await syncer(siteId);
    await waitFor('part of the backfill', async () => {
      const st = await readState(db, siteId);
      return st.backfillCursor !== null && st.backfillCursor < (st.highestId ?? 0) - 150;
    });
    await first.stop();
    const stopped = await readState(db, siteId);
    expect(stopped.backfillCursor).toBeGreaterThan(1);
    // Everything from the cursor up is already there after the restart, before any new call.
    const covered = (await indexedMessages(siteId)).filter((r) => r.id >= stopped.backfillCursor!);
    expect(covered.length).toBeGreaterThan(300);
    await control(t.site, null);
    const second = await syncer(siteId);
    await waitFor('backfill', () => backfillFinished(siteId));
    const resumed = await readState(db, siteId);
    expect(resumed.backfillStartedAt).toEqual(stopped.backfillStartedAt);
    await second.stop();
    expect(await indexedMessages(siteId)).toEqual(await siteMessages(client));
  });
});

describe('incremental sync on a large site', () => {
  it('finds new messages by probing the ids above the highest known, without the first page and its full count', async () => {
    await control(t.site, {}, 'reset');
    const { siteId, client } = await connectSite(t.site);
    const db = await getDb();
    await readState(db, siteId);
    await db.update(syncState).set({ intervalSeconds: 1 }).where(eq(syncState.siteId, siteId));
    const calls: { firstPage: boolean; narrowed: boolean }[] = [];
    const watched = aroundCalls(clientAs(t.site, '', { maxRetries: 0 }), (call, req) => {
      if (req?.route.endsWith('/admin/getMessages')) {
        const byIds = req.body !== undefined || req.query?.message_ids !== undefined;
        calls.push({
          firstPage: !byIds && !req.query?.pending && !req.query?.reported,
          narrowed: req.query?.sender_id !== undefined,
        });
      }
      return call();
    });
    const s = new SiteSyncer({ db, siteId, client: watched, options: { ...fast, fullPassMs: 60 * 60_000 } });
    s.start();
    await waitFor('backfill', () => backfillFinished(siteId));
    await waitFor(
      'a first incremental pass',
      async () => (await readState(db, siteId)).lastIncrementalAt !== null,
    );
    const before = calls.length;
    const alice = clientAs(t.site, '2');
    const bobId = Number(t.site.credentials.BM_SITE_USER3_ID);
    const created = await createThread(alice, { recipientBmUserIds: [bobId], message: 'probe finds me' });
    await sendMessage(alice, created.threadId, { message: 'and me' });
    await waitFor('the new messages', async () =>
      (await indexedMessages(siteId)).some((r) => r.text === 'and me'),
    );
    await s.stop();
    const since = calls.slice(before);
    expect(since.length).toBeGreaterThan(0);
    expect(since.filter((c) => c.firstPage)).toEqual([]);
    expect(since.every((c) => c.narrowed)).toBe(true);
    expect(await indexedMessages(siteId)).toEqual(await siteMessages(client));
  });
});

describe('faults', () => {
  async function expectFaultThenRecovery(fault: Record<string, unknown>, kind: string, status: string) {
    await control(t.site, {}, 'reset');
    const { siteId, client } = await connectSite(t.site);
    const db = await getDb();
    // Slowed, so the fault meets a backfill still under way.
    await control(t.site, { latencyMs: 40, only: '/better-messages/v1/admin/getMessages' });
    const s = await syncer(siteId);
    await waitFor('some progress', async () => ((await readState(db, siteId)).backfillCursor ?? 1e9) < 1500);
    const before = (await indexedMessages(siteId)).length;
    await control(t.site, fault);
    await waitFor(`${kind} recorded`, async () => {
      const st = await readState(db, siteId);
      return st.lastErrorKind === kind && st.status === status;
    });
    const during = await readState(db, siteId);
    expect(during.lastError).toBeTruthy();
    expect(during.nextAttemptAt).not.toBeNull();
    expect((await indexedMessages(siteId)).length).toBeGreaterThanOrEqual(before);
    await control(t.site, null);
    await waitFor('recovery', () => backfillFinished(siteId), 30_000);
    await waitFor('healthy', async () => (await readState(db, siteId)).failures === 0);
    await s.stop();
    const after = await readState(db, siteId);
    expect(after.lastErrorKind).toBe(kind);
    expect(await indexedMessages(siteId)).toEqual(await siteMessages(client));
  }

  it('an HTML maintenance page: backs off, records it, resumes', async () => {
    await expectFaultThenRecovery({ maintenance: true }, 'bad-response', 'backing-off');
  });

  it('429 with Retry-After from a firewall: backs off, records it, resumes', async () => {
    await expectFaultThenRecovery({ rateLimit: { retryAfterSeconds: 1 } }, 'rate-limited', 'backing-off');
  });

  it('a revoked application password: stops asking, says so, resumes once it works again', async () => {
    await expectFaultThenRecovery({ revokePassword: t.site.credentials.BM_SITE_USER }, 'auth', 'error');
  });
});

describe('targeted refresh after an action', () => {
  it('refreshMessages and refreshThread pick up deletions and new messages', async () => {
    await control(t.site, {}, 'reset');
    const { siteId, client } = await connectSite(t.site);
    const s = await syncer(siteId);
    await waitFor('backfill', () => backfillFinished(siteId));
    await s.stop();
    const indexed = await indexedMessages(siteId);
    const victim = indexed[indexed.length - 10]!;
    await deleteMessagesSiteWide(client, [victim.id]);
    await refreshMessages(siteId, [victim.id]);
    expect((await indexedMessages(siteId)).some((r) => r.id === victim.id)).toBe(false);

    const sibling = indexed.find((r) => r.threadId === victim.threadId && r.id !== victim.id);
    if (sibling) await deleteMessagesSiteWide(client, [sibling.id]);
    await refreshThread(siteId, victim.threadId);
    const db = await getDb();
    const [thread] = await db
      .select()
      .from(indexThreads)
      .where(sql`${indexThreads.siteId} = ${siteId} AND ${indexThreads.id} = ${victim.threadId}`);
    const left = (await indexedMessages(siteId)).filter((r) => r.threadId === victim.threadId);
    expect(thread!.messageCount).toBe(left.length);
    expect(thread!.detailsSyncedAt).not.toBeNull();
    const [state] = await db.select().from(syncState).where(eq(syncState.siteId, siteId));
    expect(state).toBeDefined();
  });
});

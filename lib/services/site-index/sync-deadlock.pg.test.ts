/**
 * Concurrent writers of one site's index on PostgreSQL never deadlock: a backfill with several
 * lanes, while what runs beside it in production runs as often as it can (the users' recount
 * of the syncer's turn, a moderation action's refresh from another process, thread details).
 * Each writes user and thread rows that the others write too; they must take the rows' locks
 * in one order. Runs in `npm run test:pg`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '@/demo-site/index';
import { closeDb, getDb } from '@/lib/infra/db/client';
import { syncState } from './schema';
import { refreshMessages, refreshThread } from './refresh';
import { recountUsers } from './store';
import { readState } from './sync/context';
import { SiteSyncer } from './sync/site-syncer';
import { backfillFinished, clientAs, connectSite, waitFor } from '@/tests/support/site-index';

const url = process.env.DATABASE_URL!;

/** Deadlocks the server counted in this database (each backend reports its own when it ends). */
async function serverDeadlocks(): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(
      'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0]!.n);
  } finally {
    await c.end();
  }
}

describe('concurrent index writers (PostgreSQL)', () => {
  let site: DemoSite;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bmdesk-deadlock-'));
    // Many batches naming the same few hundred people and threads.
    site = await startDemoSite({ port: 0, dataDir: dir, size: '8000', seed: 5, reset: true });
  });
  afterAll(async () => {
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a multi-lane backfill beside recounts, refreshes and thread details: no deadlock, no last error', async () => {
    const before = await serverDeadlocks();
    const { siteId } = await connectSite(site);
    const db = await getDb();
    await db.insert(syncState).values({ siteId, concurrency: 4 }).onConflictDoNothing();
    const syncer = new SiteSyncer({
      db,
      siteId,
      client: clientAs(site, '', { maxRetries: 0 }),
      options: { tickMs: 20, backoffBaseMs: 50, backoffMaxMs: 100 },
    });
    syncer.start();
    await waitFor('the backfill under way', async () => (await readState(db, siteId)).highestId !== null);
    const top = (await readState(db, siteId)).highestId!;

    const errors: string[] = [];
    let done = false;
    let rounds = 0;
    // Each one as often as it can while the backfill runs: it is the overlap that deadlocked.
    const beside = async (work: () => Promise<unknown>) => {
      while (!done) {
        await work().catch((e: Error) =>
          // The server's words (drizzle's own message repeats the whole query).
          errors.push(e.cause instanceof Error ? e.cause.message : e.message.slice(0, 200)),
        );
        rounds++;
      }
    };
    const someIds = () => Array.from({ length: 150 }, () => 1 + Math.floor(Math.random() * top));
    const others = [
      beside(() => recountUsers(db, siteId)),
      beside(() => recountUsers(db, siteId)),
      beside(() => refreshMessages(siteId, someIds())),
      beside(() => refreshMessages(siteId, someIds())),
      beside(() => refreshThread(siteId, 1 + Math.floor(Math.random() * 50))),
    ];
    // Until the end, or the first deadlock (the sync records it and carries on after a pause).
    const deadlocked = async () =>
      errors.some((e) => /deadlock/i.test(e)) || (await readState(db, siteId)).lastError !== null;
    await waitFor('backfill', async () => (await backfillFinished(siteId)) || (await deadlocked()), 240_000);
    done = true;
    await Promise.all(others);
    await syncer.stop();
    const state = await readState(db, siteId);
    // And the counts came out right: every user's and thread's as the messages have them.
    await recountUsers(db, siteId);
    const wrong = await db.execute<{ n: number }>(sql`
      SELECT (SELECT count(*) FROM site_index_users u WHERE u.site_id = ${siteId}
                AND u.message_count <> (SELECT count(*) FROM site_index_messages m
                                        WHERE m.site_id = u.site_id AND m.sender_id = u.id))
           + (SELECT count(*) FROM site_index_threads t WHERE t.site_id = ${siteId}
                AND t.message_count <> (SELECT count(*) FROM site_index_messages m
                                        WHERE m.site_id = t.site_id AND m.thread_id = t.id)) AS n`);
    expect(Number((wrong as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(0);

    // Backends report their deadlocks to the server's statistics when they end.
    await closeDb();
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await serverDeadlocks();
    expect(errors.filter((e) => /deadlock/i.test(e))).toEqual([]);
    expect(state.lastError).toBeNull();
    expect(after - before).toBe(0);
    expect(errors).toEqual([]);
    // The writers beside the backfill did overlap it, many times.
    expect(rounds).toBeGreaterThan(20);
  }, 300_000);
});

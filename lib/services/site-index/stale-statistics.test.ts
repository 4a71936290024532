/**
 * A second site on an index whose statistics were taken before it had rows (autovacuum off, or
 * PGlite, which has none): the recounts still look up one thread or one sender at a time, and
 * the index is analyzed again as the new site grows. Runs on PGlite and on PostgreSQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { leftToItsOwner } from '@/lib/infra/db/analyzed-by-owner';
import { insertSite } from '@/lib/services/sites/queries';
import type { MessageRow } from './convert';
import { storeBatch, threadRecount, userRecount } from './store';
import { ANALYZE_FIRST_ROWS } from './sync/maintenance';
import { messageRow } from '@/tests/support/index-rows';

const THREADS = 400;
const SENDERS = 150;

async function newSite() {
  const row = await insertSite({
    name: `Stale statistics ${Date.now()}-${Math.random()}`,
    url: 'https://example.invalid',
    username: 'admin',
    appPassword: 'xxxx xxxx xxxx xxxx',
    probe: { status: 'ok', reason: null, message: null },
  });
  return row.id;
}

function rows(from: number, count: number): MessageRow[] {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    return messageRow({
      id,
      threadId: 1 + ((id * 7919) % THREADS),
      senderId: 1 + ((id * 104_729) % SENDERS),
      createdAt: new Date(Date.UTC(2025, 0, 1) + id * 60_000),
      html: `<p>message ${id}</p>`,
      text: `message ${id} about an order`,
    });
  });
}

async function store(siteId: number, from: number, count: number) {
  for (let lo = from; lo < from + count; lo += 500) {
    const batch = rows(lo, Math.min(500, from + count - lo));
    const users = [...new Set(batch.map((r) => r.senderId))].map((id) => ({
      id,
      name: `Member ${id}`,
      avatar: null,
      isGuest: false,
    }));
    await storeBatch(await getDb(), { siteId, rows: batch, users, deletedIds: [] });
  }
}

async function plan(statement: SQL): Promise<string> {
  const result = await (await getDb()).execute(sql`EXPLAIN ${statement}`);
  return (result as unknown as { rows: Record<string, string>[] }).rows
    .map((r) => Object.values(r)[0])
    .join('\n');
}

async function siteIdsInStatistics(): Promise<string> {
  const result = await (
    await getDb()
  ).execute<{ v: string | null }>(
    sql`SELECT most_common_vals::text AS v FROM pg_stats WHERE tablename = 'site_index_messages' AND attname = 'site_id'`,
  );
  return (result as unknown as { rows: { v: string | null }[] }).rows[0]?.v ?? '';
}

describe('a second site on statistics taken before it', () => {
  it('recounts through the (site, thread) and (site, sender) indexes, and analyzes as the site grows', async () => {
    const db = await getDb();
    const first = await newSite();
    const second = await newSite();
    // The first site indexed and analyzed, as a finished backfill leaves it.
    await db.execute(sql`
      INSERT INTO site_index_messages (site_id, id, thread_id, sender_id, created_at, html, text)
      SELECT ${first}, g, 1 + (g * 7919) % ${THREADS}, 1 + (g::bigint * 104729) % ${SENDERS},
             timestamptz '2025-01-01' + g * interval '1 minute', '<p>x</p>', 'message ' || g
      FROM generate_series(1, 10000) g`);
    await db.execute(sql`ANALYZE site_index_messages`);
    expect(await siteIdsInStatistics()).not.toContain(String(second));

    // The second site's first batches: the planner still takes it for empty.
    await store(second, 1, 1_000);
    const threads = await plan(threadRecount(second, [1, 2, 3, 4, 5]));
    expect(threads).toContain('site_index_messages_thread');
    expect(threads).not.toContain('site_index_messages_created');
    const senders = await plan(userRecount(second, [1, 2, 3]));
    expect(senders).toContain('site_index_messages_sender');
    expect(senders).not.toContain('site_index_messages_created');

    // Grown past the first step: the statistics know the site.
    await store(second, 1_001, ANALYZE_FIRST_ROWS);
    expect(await siteIdsInStatistics()).toContain(String(second));
  });

  it("is analyzed by the sync alone: the keeper of BM Desk's other tables leaves it (lib/infra/db/statistics)", () => {
    for (const table of [
      'site_index_messages',
      'site_index_threads',
      'site_index_users',
      'site_index_attachments',
    ])
      expect(leftToItsOwner(table), table).toBe(true);
    // Its word list and sync state have no analyze of the sync's: the keeper's.
    expect(leftToItsOwner('site_index_lexemes')).toBe(false);
  });
});

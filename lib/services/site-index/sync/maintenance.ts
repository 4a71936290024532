/**
 * Vacuuming the index ourselves. Thread and user rows are rewritten by every batch that touches
 * them (their counts are recomputed, never incremented), so a backfill leaves many dead row
 * versions behind: a 1M-message backfill on a PostgreSQL with autovacuum off left 1.06 million
 * dead thread rows beside 51,000 live ones (420 MB), and the thread list's first page took
 * 136 ms instead of a few. PGlite has no autovacuum at all. So the syncer vacuums the tables it
 * churns after every `VACUUM_EVERY_WRITES` rows it wrote (so dead rows are reused rather than
 * piling up: a plain VACUUM frees space but never shrinks the table, and on that index the first
 * page still took 113 ms after one; compacted, 22 ms), and everything once the backfill ends.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/lib/infra/db/client';
import { analyzedByTheirOwner } from '@/lib/infra/db/analyzed-by-owner';

const VACUUM_EVERY_WRITES = 50_000;

const CHURNED = ['site_index_threads', 'site_index_users'] as const;
const REST = ['site_index_messages', 'site_index_attachments'] as const;
// Analyzed here (as a site's share grows, and whole once a backfill ends), not by the keeper of
// the other tables' statistics. The index's word list and sync state are left to that keeper.
analyzedByTheirOwner([...CHURNED, ...REST]);

/** Counts rows written since the last vacuum. */
export class VacuumClock {
  private writes = 0;

  add(rows: number) {
    this.writes += rows;
  }

  get due(): boolean {
    return this.writes >= VACUUM_EVERY_WRITES;
  }

  reset() {
    this.writes = 0;
  }
}

/**
 * VACUUM (ANALYZE): dead rows become free space again and the planner gets fresh statistics.
 * Outside any transaction (VACUUM refuses to run in one); writers carry on meanwhile.
 */
export async function vacuumIndex(db: Db, when: 'periodic' | 'backfill-done', siteId: number): Promise<void> {
  const statements =
    when === 'backfill-done'
      ? [`VACUUM (ANALYZE) ${[...CHURNED, ...REST].join(', ')}`]
      : [`VACUUM (ANALYZE) ${CHURNED.join(', ')}`];
  for (const statement of statements) {
    await db
      .execute(sql.raw(statement))
      .catch((e: Error) => console.error(`[sync] site ${siteId}: ${statement} failed: ${e.message}`));
  }
}

/** Rows a site must gain before the first analyze, and then as many again as it had. */
export const ANALYZE_FIRST_ROWS = 5_000;

/** Per site, the rows this process stored since the last analyze and before it. */
const grown = new Map<number, { since: number; before: number }>();

/**
 * ANALYZE the index as a site's share of it grows, as autovacuum would (it may be off; PGlite
 * has none). With statistics from before a second site had rows, the planner took that site for
 * empty: its backfill ran thirty times slower until someone ran ANALYZE by hand. Only the columns
 * that plans turn on, to keep it short (whole tables are analyzed when a backfill ends).
 */
export async function analyzeAsGrown(db: Db, siteId: number, rows: number): Promise<void> {
  const g = grown.get(siteId) ?? { since: 0, before: 0 };
  grown.set(siteId, g);
  g.since += rows;
  if (g.since < Math.max(ANALYZE_FIRST_ROWS, g.before)) return;
  g.before += g.since;
  g.since = 0;
  const statement =
    'ANALYZE site_index_messages (site_id, id, thread_id, sender_id, created_at, pending, report_count), ' +
    'site_index_threads (site_id, id, last_activity_at, details_synced_at, gone, message_count), ' +
    'site_index_users';
  await db
    .execute(sql.raw(statement))
    .catch((e: Error) => console.error(`[sync] site ${siteId}: ANALYZE failed: ${e.message}`));
}

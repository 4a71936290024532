/**
 * Planner statistics for BM Desk's own tables, kept as autovacuum's analyze would keep them.
 * Autovacuum may be off on the PostgreSQL BM Desk is given (it is on this machine), and PGlite
 * has no autovacuum at all: without this, the audit log, the decisions, the rules' matches and
 * the review queue would never be analyzed, and the planner would go on taking a table of a
 * million rows for a few thousand (a rules pass walked a site's million matches for that).
 * Tables whose owner analyzes them itself are left to it (`analyzedByTheirOwner`): the sync's
 * messages, threads, users and attachments, analyzed as a site's share grows and vacuumed.
 *
 * A table is analyzed once the rows changed since its last analyze pass autovacuum's default
 * threshold: 50 + 10% of its rows. The counts come from pg_stat_user_tables (kept whether or not
 * autovacuum runs; in PGlite they lag by about a second).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { every } from '@/lib/infra/every';
import { leftToItsOwner } from './analyzed-by-owner';
import { rowsOf } from './rows';
import type { Db } from './client';

const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;

export interface GrownTable {
  name: string;
  /** Rows as last counted (the larger of the planner's estimate and the live count). */
  rows: number;
  /** Rows inserted, updated or deleted since the last analyze. */
  changed: number;
}

/** BM Desk's tables (but those their owner analyzes) changed enough since their last analyze. */
export async function tablesToAnalyze(db: Db): Promise<GrownTable[]> {
  const rows = rowsOf<{
    name: string;
    reltuples: number | string;
    live: number | string;
    changed: number | string;
  }>(
    await db.execute(sql`
      SELECT s.relname AS name, c.reltuples, s.n_live_tup AS live, s.n_mod_since_analyze AS changed
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.schemaname = current_schema()
      ORDER BY s.relname`),
  );
  const out: GrownTable[] = [];
  for (const r of rows) {
    if (leftToItsOwner(r.name)) continue;
    const count = Math.max(0, Number(r.reltuples), Number(r.live));
    const changed = Number(r.changed);
    if (changed > ANALYZE_THRESHOLD + ANALYZE_SCALE * count) out.push({ name: r.name, rows: count, changed });
  }
  return out;
}

/**
 * ANALYZE each table that grew (or changed) enough, one at a time; a table that fails is named
 * in the log and the others go on. Returns the tables analyzed. On a PostgreSQL whose autovacuum
 * is on, nothing: it does this itself.
 */
export async function analyzeGrownTables(db: Db, kind: 'pglite' | 'postgres'): Promise<string[]> {
  if (kind === 'postgres') {
    const [setting] = rowsOf<{ on: boolean }>(
      await db.execute(sql`SELECT current_setting('autovacuum') = 'on' AS on`),
    );
    if (setting?.on) return [];
  }
  const done: string[] = [];
  for (const table of await tablesToAnalyze(db)) {
    try {
      await db.execute(sql`ANALYZE ${sql.identifier(table.name)}`);
      done.push(table.name);
    } catch (e) {
      console.error(`[db] ANALYZE ${table.name} failed: ${(e as Error).message}`);
    }
  }
  return done;
}

type Keeper = { stop: () => void };
const globalForStatistics = globalThis as unknown as { __bmdeskStatistics?: Keeper };

/**
 * Looks every `everyMs` (default 5 minutes; the first time after a minute), one run at a time.
 * `BMDESK_STATISTICS=off` starts nothing (instrumentation.ts).
 */
export function startStatisticsKeeper(options: { everyMs?: number } = {}): Keeper {
  if (globalForStatistics.__bmdeskStatistics) return globalForStatistics.__bmdeskStatistics;
  const everyMs = options.everyMs ?? 5 * 60_000;
  const stop = every(
    '[db] statistics',
    everyMs,
    async () => {
      const { getHandle } = await import('./client');
      const { db, kind } = await getHandle();
      const analyzed = await analyzeGrownTables(db, kind);
      if (analyzed.length > 0) console.log(`[db] statistics refreshed: ${analyzed.join(', ')}`);
    },
    Math.min(everyMs, 60_000),
  );
  const keeper = {
    stop: () => {
      stop();
      globalForStatistics.__bmdeskStatistics = undefined;
    },
  };
  globalForStatistics.__bmdeskStatistics = keeper;
  return keeper;
}

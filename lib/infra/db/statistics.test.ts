import { like, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb, getHandle } from './client';
import { rowsOf } from './rows';
import { signInAttempts } from './schema';
import { analyzedByTheirOwner } from './analyzed-by-owner';
import { analyzeGrownTables, startStatisticsKeeper, tablesToAnalyze } from './statistics';

const stamp = `statistics-test-${Date.now()}`;
const probe = `owned_probe_${Date.now()}`;

afterAll(async () => {
  const db = await getDb();
  await db.delete(signInAttempts).where(like(signInAttempts.key, `${stamp}%`));
  await db.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(probe)}`);
});

/** The planner's row count of a table. */
async function plannerRows(name: string): Promise<number> {
  const db = await getDb();
  const [row] = rowsOf<{ reltuples: number | string }>(
    await db.execute(sql`SELECT reltuples FROM pg_class WHERE relname = ${name}`),
  );
  return Number(row?.reltuples ?? -1);
}

/** Until the table shows up as changed (PGlite's counts lag by about a second). */
async function waitListed(name: string) {
  const db = await getDb();
  await expect
    .poll(async () => (await tablesToAnalyze(db)).map((t) => t.name), { timeout: 15_000, interval: 300 })
    .toContain(name);
}

describe('statistics of BM Desk’s own tables', () => {
  it('a table that grew is analyzed (the planner then counts its rows), once; one its owner analyzes is left to it', async () => {
    const { db, kind } = await getHandle();
    const [autovacuum] = rowsOf<{ on: boolean }>(
      await db.execute(sql`SELECT current_setting('autovacuum') = 'on' AS on`),
    );
    // 1,000 sign-in attempts, and as many rows in a table its owner analyzes (as the sync does
    // its index's).
    analyzedByTheirOwner([probe]);
    await db
      .insert(signInAttempts)
      .values(Array.from({ length: 1000 }, (_, i) => ({ key: `${stamp}-${i}` })));
    await db.execute(sql`CREATE TABLE ${sql.identifier(probe)} (id int)`);
    await db.execute(sql`INSERT INTO ${sql.identifier(probe)} SELECT g FROM generate_series(1, 1000) g`);
    await waitListed('sign_in_attempts');
    expect((await tablesToAnalyze(db)).map((t) => t.name)).not.toContain(probe);

    const analyzed = await analyzeGrownTables(db, kind);
    if (kind === 'postgres' && autovacuum?.on) {
      // Autovacuum analyzes on its own: nothing done twice.
      expect(analyzed).toEqual([]);
      return;
    }
    expect(analyzed).toContain('sign_in_attempts');
    expect(analyzed).not.toContain(probe);
    expect(await plannerRows('sign_in_attempts')).toBeGreaterThanOrEqual(1000);
    expect(await plannerRows(probe)).toBeLessThan(1000);
    // Analyzed: not again until it changes as much once more.
    const [after] = (await tablesToAnalyze(db)).filter((t) => t.name === 'sign_in_attempts');
    expect(after).toBeUndefined();
  });

  it('the keeper started with the server analyzes a table that grew, on its own', async () => {
    const { db, kind } = await getHandle();
    const [autovacuum] = rowsOf<{ on: boolean }>(
      await db.execute(sql`SELECT current_setting('autovacuum') = 'on' AS on`),
    );
    if (kind === 'postgres' && autovacuum?.on) return;
    const before = await plannerRows('sign_in_attempts');
    await db
      .insert(signInAttempts)
      .values(Array.from({ length: 2000 }, (_, i) => ({ key: `${stamp}-keeper-${i}` })));
    const keeper = startStatisticsKeeper({ everyMs: 300 });
    try {
      await expect
        .poll(() => plannerRows('sign_in_attempts'), { timeout: 20_000, interval: 300 })
        .toBeGreaterThanOrEqual(before + 2000);
    } finally {
      keeper.stop();
    }
  });
});

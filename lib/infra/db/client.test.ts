import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from './client';

type Rows<T> = { rows: T[] };

// PostgreSQL only (npm run test:pg): PGlite runs in the process and has no connection to lose.
describe.runIf(Boolean(process.env.DATABASE_URL))('the PostgreSQL pool', () => {
  it('survives the server ending its idle connections, and the next query gets a new one', async () => {
    const db = await getDb();
    // A few connections open at once, then idle in the pool.
    await Promise.all(Array.from({ length: 3 }, () => db.execute(sql`SELECT pg_sleep(0.05)`)));
    const mine = (await db.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as Rows<{ pid: number }>;
    const me = mine.rows[0]!.pid;
    const ended = (await db.execute(sql`
      SELECT count(*)::int AS n FROM (
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = current_setting('application_name')
          AND pid <> pg_backend_pid()
      ) t`)) as unknown as Rows<{ n: number }>;
    expect(ended.rows[0]!.n).toBeGreaterThan(0);
    // The pool hears of it ('error' on an idle client) without the process dying.
    await new Promise((r) => setTimeout(r, 200));
    const after = (await db.execute(sql`SELECT 1 AS one`)) as unknown as Rows<{ one: number }>;
    expect(after.rows[0]!.one).toBe(1);
    expect(me).toBeGreaterThan(0);
  });
});

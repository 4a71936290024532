import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { dataDir, env } from '@/lib/infra/env';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

type Handle = { db: Db; kind: 'pglite' | 'postgres'; close: () => Promise<void> };

const MIGRATIONS = path.join(process.cwd(), 'lib/infra/db/migrations');
// Any fixed number: every process that migrates takes the same PostgreSQL lock first.
const MIGRATION_LOCK = 72_170_001;

// One handle per process. Opened lazily: `next build` imports this module and must not
// open (and lock) the PGlite data folder.
const globalForDb = globalThis as unknown as { __bmdeskDb?: Promise<Handle> };

export function getDb(): Promise<Db> {
  return getHandle().then((h) => h.db);
}

export function getHandle(): Promise<Handle> {
  globalForDb.__bmdeskDb ??= open().catch((err) => {
    globalForDb.__bmdeskDb = undefined;
    throw err;
  });
  return globalForDb.__bmdeskDb;
}

export async function closeDb(): Promise<void> {
  const pending = globalForDb.__bmdeskDb;
  globalForDb.__bmdeskDb = undefined;
  if (pending) await (await pending).close();
}

async function open(): Promise<Handle> {
  const url = env().DATABASE_URL;
  return url ? openPostgres(url) : openPglite();
}

/**
 * The connections of a process that runs durable jobs carry this prefix as their application
 * name, so the job runners on one PostgreSQL can count each other (pg_stat_activity) and share a
 * site's slots instead of the quickest taking them all. `BMDESK_JOBS=off` processes do not.
 */
export const JOB_RUNNER_APP_PREFIX = 'bmdesk-jobs:';

async function openPostgres(url: string): Promise<Handle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const applicationName =
    process.env.BMDESK_JOBS === 'off' ? 'bmdesk' : `${JOB_RUNNER_APP_PREFIX}${os.hostname()}:${process.pid}`;
  const pool = new Pool({ connectionString: url, max: 10, application_name: applicationName });
  // An idle connection the server ends (a restart, a failover, an administrator's terminate):
  // the pool drops it and opens another for the next query. Without a listener the process
  // would die of the unhandled 'error' event.
  pool.on('error', (err) => console.error(`[db] an idle connection ended: ${err.message}`));
  const db = drizzle({ client: pool, schema });
  // Several BM Desk processes may start at once against one database.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
}

async function openPglite(): Promise<Handle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = dataDir();
  let target = dir;
  if (!dir.startsWith('memory://')) {
    target = path.join(dir, 'pglite');
    fs.mkdirSync(target, { recursive: true });
  }
  const client = await PGlite.create(target);
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}

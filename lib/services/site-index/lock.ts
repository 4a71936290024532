/**
 * One syncer per site across processes. On PostgreSQL: a session advisory lock held on a
 * dedicated connection for as long as the site syncs; if the process dies, the session ends and
 * another process takes the lock. On PGlite one process owns the data folder, so an in-process
 * set is the same guarantee.
 */
import { env } from '@/lib/infra/env';

/** Namespace of BM Desk's site-sync locks (the migration lock uses another number). */
const LOCK_CLASS = 72_170_002;

export interface SiteLock {
  readonly siteId: number;
  /** False once the lock's connection is gone: stop syncing, another process may hold it now. */
  alive(): Promise<boolean>;
  release(): Promise<void>;
}

const localLocks = new Set<number>();

function localLock(siteId: number): SiteLock | null {
  if (localLocks.has(siteId)) return null;
  localLocks.add(siteId);
  let held = true;
  return {
    siteId,
    alive: async () => held,
    release: async () => {
      if (held) localLocks.delete(siteId);
      held = false;
    },
  };
}

async function postgresLock(url: string, siteId: number): Promise<SiteLock | null> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url, application_name: `bmdesk-sync-${siteId}` });
  let open = true;
  client.on('error', () => {
    open = false;
  });
  client.on('end', () => {
    open = false;
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, $2) AS locked',
      [LOCK_CLASS, siteId],
    );
    if (!rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    siteId,
    alive: async () => {
      if (!open) return false;
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    release: async () => {
      if (!open) return;
      open = false;
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, siteId]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** The site's sync lock, or null when another syncer holds it. */
export async function tryLockSite(siteId: number): Promise<SiteLock | null> {
  const url = env().DATABASE_URL;
  return url ? postgresLock(url, siteId) : localLock(siteId);
}

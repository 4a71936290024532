import { env } from '@/lib/infra/env';
import type { PresenceBus } from './bus';
import { createMemoryBus } from './memory-bus';
import { createPgBus } from './pg-bus';
import { PresenceRegistry } from './registry';

export { PresenceRegistry } from './registry';

// One registry per process, kept on globalThis so Next's separately bundled route modules
// (and dev reloads) share it. Created at the first presence request, not at import.
const globalForPresence = globalThis as unknown as { __bmdeskPresence?: PresenceRegistry };

/** The bus follows the database: PostgreSQL (many processes) or embedded (one process). */
function createPresenceBus(): PresenceBus {
  const url = env().DATABASE_URL;
  return url ? createPgBus(url) : createMemoryBus();
}

export function getPresence(): PresenceRegistry {
  globalForPresence.__bmdeskPresence ??= new PresenceRegistry(createPresenceBus()).start();
  return globalForPresence.__bmdeskPresence;
}

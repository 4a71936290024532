/**
 * What other services do inside the sync's stride, without the sync knowing them: standing
 * decisions kept in threads a person joins, rules run over new messages. A hook's failure is
 * logged and the sync goes on; hooks run in the order registered, under the syncer's lock.
 */
import 'server-only';
import type { SyncContext } from './context';

export interface SyncHooks {
  /** After an incremental pass committed what it read (new messages, the pending and reported lists). */
  afterIncremental?(ctx: SyncContext): Promise<void>;
  /** After these threads' details (participants, bans, mutes) were read and stored. */
  afterThreadDetails?(ctx: SyncContext, threadIds: number[]): Promise<void>;
  /** Every loop turn, busy or idle (expiries, retries); keep it cheap when there is nothing to do. */
  everyTurn?(ctx: SyncContext): Promise<void>;
}

const registry = new Map<string, SyncHooks>();

/** Registers (or replaces) a service's hooks under its name. */
export function registerSyncHooks(name: string, hooks: SyncHooks): void {
  registry.set(name, hooks);
}

export function unregisterSyncHooks(name: string): void {
  registry.delete(name);
}

export async function runSyncHooks<K extends keyof SyncHooks>(
  which: K,
  ctx: SyncContext,
  ...args: Parameters<NonNullable<SyncHooks[K]>> extends [SyncContext, ...infer Rest] ? Rest : never
): Promise<void> {
  for (const [name, hooks] of registry) {
    const hook = hooks[which] as ((c: SyncContext, ...a: unknown[]) => Promise<void>) | undefined;
    if (!hook || !ctx.running()) continue;
    try {
      await hook(ctx, ...args);
    } catch (e) {
      console.error(`[sync] site ${ctx.siteId}: ${name} ${which} failed: ${(e as Error).message}`);
    }
  }
}

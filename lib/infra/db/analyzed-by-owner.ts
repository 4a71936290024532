/**
 * Tables whose owner analyzes them itself (the sync, its index's messages, threads, users and
 * attachments): the keeper of the other tables' statistics (statistics.ts) leaves them. A module
 * of its own, without the database, so that an owner can say so without reaching the client.
 */
const globalForOwners = globalThis as unknown as { __bmdeskAnalyzedByOwner?: Set<string> };
const analyzedByOwner = (globalForOwners.__bmdeskAnalyzedByOwner ??= new Set<string>());

export function analyzedByTheirOwner(tables: readonly string[]): void {
  for (const t of tables) analyzedByOwner.add(t);
}

/** Whether the keeper leaves this table to its owner. */
export const leftToItsOwner = (table: string): boolean => analyzedByOwner.has(table);

import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordIntent, recordOutcome } from '@/lib/infra/actions/audit';
import { getDb } from './client';
import { auditLog, auditOutcomes } from './schema';

// Drizzle wraps the database's error; the trigger's words are in its cause.
async function refused(query: PromiseLike<unknown>) {
  const err = await Promise.resolve(query).then(
    () => null,
    (e: Error & { cause?: Error }) => e,
  );
  expect(err, 'the query should have been refused').not.toBeNull();
  expect(`${err!.message} ${err!.cause?.message ?? ''}`).toMatch(/append-only/);
}

describe('the audit log is append-only at the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on entries and outcomes', async () => {
    const db = await getDb();
    const id = await recordIntent('testAction', null, { params: { reason: 'spam' } });
    await recordOutcome(id, 'ok', 12);
    await refused(db.update(auditLog).set({ action: 'rewritten' }).where(eq(auditLog.id, id)));
    await refused(db.delete(auditLog).where(eq(auditLog.id, id)));
    await refused(db.update(auditOutcomes).set({ outcome: 'failed' }).where(eq(auditOutcomes.auditId, id)));
    await refused(db.delete(auditOutcomes).where(eq(auditOutcomes.auditId, id)));
    await refused(db.execute(sql`TRUNCATE audit_outcomes, audit_log`));
    const [row] = await db.select().from(auditLog).where(eq(auditLog.id, id));
    expect(row?.action).toBe('testAction');
  });

  it('keeps one outcome per entry', async () => {
    const id = await recordIntent('testAction', null, {});
    await recordOutcome(id, 'ok', 1);
    await expect(recordOutcome(id, 'failed', 1)).rejects.toThrow();
  });
});

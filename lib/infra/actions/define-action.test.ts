import { desc, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Member } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';
import { defineAction } from './define-action';
import { ActionRefusal } from './result';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));

const name = `wrapperTest${Date.now()}`;

async function lastEntry(action: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: auditLog.id,
      params: auditLog.params,
      target: auditLog.target,
      outcome: auditOutcomes.outcome,
      code: auditOutcomes.code,
      message: auditOutcomes.message,
      durationMs: auditOutcomes.durationMs,
    })
    .from(auditLog)
    .leftJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
    .where(eq(auditLog.action, action))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

const probe = vi.fn<(input: { thread: number; reason: string; secret: string }) => Promise<unknown>>();
const action = defineAction({
  name,
  permission: 'moderation.act',
  input: z.object({
    thread: z.coerce.number().int().positive(),
    reason: z.string().max(50),
    secret: z.string(),
  }),
  audit: (i) => ({ target: { thread: i.thread }, params: { reason: i.reason } }),
  run: async (input) => probe(input),
});

beforeAll(async () => {
  const { createMember } = await import('@/lib/infra/auth/members');
  current.member = await createMember({
    email: `wrapper-${Date.now()}@example.test`,
    name: 'Wrapper',
    password: 'wrapper-password-1',
    role: 'moderator',
  });
});

describe('defineAction', () => {
  it('writes the intent before the call and the outcome after it', async () => {
    const db = await getDb();
    probe.mockImplementationOnce(async () => {
      const pending = await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .leftJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
        .where(isNull(auditOutcomes.auditId));
      expect(pending.length).toBeGreaterThan(0);
      return 'done';
    });
    const fd = new FormData();
    fd.set('thread', '42');
    fd.set('reason', 'spam wave');
    fd.set('secret', 'do-not-audit-me');
    fd.set('$ACTION_ID_abc', '');
    const result = await action(null, fd);
    expect(result).toEqual({ ok: true, data: 'done' });
    expect(probe).toHaveBeenLastCalledWith({ thread: 42, reason: 'spam wave', secret: 'do-not-audit-me' });
    const entry = await lastEntry(name);
    expect(entry).toMatchObject({ target: { thread: 42 }, params: { reason: 'spam wave' }, outcome: 'ok' });
    expect(JSON.stringify(entry)).not.toContain('do-not-audit-me');
  });

  it('records a refusal with its code and shows its message', async () => {
    probe.mockRejectedValueOnce(new ActionRefusal('The site refused: user is an admin', 'whitelist_failed'));
    const result = await action({ thread: 1, reason: 'x', secret: 's' });
    expect(result).toMatchObject({
      ok: false,
      code: 'whitelist_failed',
      error: 'The site refused: user is an admin',
    });
    expect(await lastEntry(name)).toMatchObject({ outcome: 'refused', code: 'whitelist_failed' });
  });

  it('records a site error by its kind: a refusal is refused, an outage failed', async () => {
    const refusal = Object.assign(new Error('Better Messages refused: you are banned'), {
      kind: 'refused',
      code: 'bm_user_banned',
    });
    probe.mockRejectedValueOnce(refusal);
    expect(await action({ thread: 1, reason: 'x', secret: 's' })).toMatchObject({
      ok: false,
      code: 'bm_user_banned',
    });
    expect(await lastEntry(name)).toMatchObject({ outcome: 'refused' });

    const outage = Object.assign(new Error('The site did not answer within 15 s'), { kind: 'timeout' });
    probe.mockRejectedValueOnce(outage);
    expect(await action({ thread: 1, reason: 'x', secret: 's' })).toMatchObject({
      ok: false,
      code: 'timeout',
    });
    expect(await lastEntry(name)).toMatchObject({
      outcome: 'failed',
      message: 'The site did not answer within 15 s',
    });
  });

  it('hides an unexpected error from the member but records that it failed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    probe.mockRejectedValueOnce(new Error('connection string postgres://user:hunter2@db'));
    const result = await action({ thread: 1, reason: 'x', secret: 's' });
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(await lastEntry(name)).toMatchObject({ outcome: 'failed', code: 'internal' });
  });

  it('returns field errors for bad input without calling anything', async () => {
    probe.mockClear();
    const result = await action({ thread: 'abc', reason: 'x'.repeat(60), secret: 's' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-input' });
    if (!result.ok)
      expect(Object.keys(result.fieldErrors ?? {})).toEqual(expect.arrayContaining(['thread', 'reason']));
    expect(probe).not.toHaveBeenCalled();
  });

  it('refuses a role without the permission and audits the denial', async () => {
    const saved = current.member!;
    current.member = { ...saved, role: 'support' };
    probe.mockClear();
    const result = await action({ thread: 1, reason: 'x', secret: 's' });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(probe).not.toHaveBeenCalled();
    // The refusal names what was aimed at, as the action's own audit would (never the secret).
    expect(await lastEntry(name)).toMatchObject({
      outcome: 'denied',
      target: { thread: 1 },
      params: { reason: 'x' },
    });
    expect(JSON.stringify(await lastEntry(name))).not.toContain('"s"');
    current.member = saved;
  });

  it('audits a call over many items by what happened to them: partial, failed or ok', async () => {
    const bulkName = `${name}Bulk`;
    const bulk = defineAction({
      name: bulkName,
      permission: 'moderation.act',
      input: z.object({ results: z.array(z.boolean()) }),
      audit: () => ({}),
      run: async ({ results }) => results.map((ok) => ({ ok })),
      settled: (items) => ({
        done: items.filter((r) => r.ok).length,
        failed: items.filter((r) => !r.ok).length,
      }),
    });
    await bulk({ results: [true, false, true] });
    expect(await lastEntry(bulkName)).toMatchObject({ outcome: 'partial', message: '1 of 3 failed' });
    await bulk({ results: [false, false] });
    expect(await lastEntry(bulkName)).toMatchObject({ outcome: 'failed', message: '2 of 2 failed' });
    await bulk({ results: [true] });
    expect(await lastEntry(bulkName)).toMatchObject({ outcome: 'ok' });
  });
});

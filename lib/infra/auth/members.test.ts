import { describe, expect, it } from 'vitest';
import { ActionRefusal } from '@/lib/infra/actions/result';
import {
  countMembers,
  createFirstOwner,
  createMember,
  findMemberForSignIn,
  getActiveMember,
  revokeSessions,
} from './members';
import { verifyPassword } from './password';
import { checkSignInThrottle, clearAccountFailures, recordFailedSignIn } from './throttle';

describe('members', () => {
  it('creates the first owner once, even when two setups race', async () => {
    const stamp = Date.now();
    const before = await countMembers();
    const results = await Promise.all([
      createFirstOwner({ name: 'A', email: `a-${stamp}@example.test`, password: 'first-owner-password' }),
      createFirstOwner({ name: 'B', email: `b-${stamp}@example.test`, password: 'first-owner-password' }),
    ]);
    const created = results.filter(Boolean);
    // On a database that already has members (the shared PostgreSQL run), neither may succeed.
    expect(created.length).toBe(before === 0 ? 1 : 0);
    if (before === 0) {
      expect(created[0]!.role).toBe('owner');
      expect(
        await createFirstOwner({
          name: 'C',
          email: `c-${stamp}@example.test`,
          password: 'first-owner-password',
        }),
      ).toBeNull();
    }
  });

  it('stores an argon2id hash, never the password, and matches emails case-insensitively', async () => {
    const email = `Case-${Date.now()}@Example.test`;
    await createMember({ email, name: 'Case', password: 'a-long-password-1', role: 'support' });
    const row = await findMemberForSignIn(email.toLowerCase());
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('a-long-password-1');
    expect(await verifyPassword(row!.passwordHash, 'a-long-password-1')).toBe(true);
    expect(await verifyPassword(row!.passwordHash, 'wrong')).toBe(false);
    const taken = await createMember({
      email: email.toUpperCase(),
      name: 'Dup',
      password: 'a-long-password-1',
      role: 'support',
    }).catch((err: unknown) => err);
    expect(taken).toBeInstanceOf(ActionRefusal);
    expect(taken).toMatchObject({ code: 'email-taken', message: 'A member with this email already exists.' });
  });

  it('ends sessions that signed in before a revocation, and only those', async () => {
    const m = await createMember({
      email: `revoke-${Date.now()}@example.test`,
      name: 'R',
      password: 'a-long-password-1',
      role: 'moderator',
    });
    const before = Date.now() - 1000;
    expect(await getActiveMember(m.id, before)).not.toBeNull();
    await revokeSessions(m.id);
    expect(await getActiveMember(m.id, before)).toBeNull();
    expect(await getActiveMember(m.id, Date.now() + 10)).not.toBeNull();
  });

  it('verifyPassword is false without a stored hash', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});

describe('sign-in throttling', () => {
  it('blocks an account after five failures and lets it in again once cleared', async () => {
    const email = `throttle-${Date.now()}@example.test`;
    const ip = `10.0.0.${Date.now() % 200}`;
    for (let i = 0; i < 4; i++) await recordFailedSignIn(email, `192.0.2.${i}`);
    expect(await checkSignInThrottle(email, ip)).toEqual({ allowed: true });
    await recordFailedSignIn(email, ip);
    const verdict = await checkSignInThrottle(email, ip);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.retryAfterMinutes).toBeGreaterThanOrEqual(1);
    await clearAccountFailures(email);
    expect(await checkSignInThrottle(email, '198.51.100.1')).toEqual({ allowed: true });
  });

  it('blocks an address that tries many accounts', async () => {
    const ip = `203.0.113.${Date.now() % 250}`;
    for (let i = 0; i < 20; i++) await recordFailedSignIn(`spray-${i}-${Date.now()}@example.test`, ip);
    expect((await checkSignInThrottle(`fresh-${Date.now()}@example.test`, ip)).allowed).toBe(false);
  });
});

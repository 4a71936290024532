import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { createMember } from '@/lib/infra/auth/members';
import { verifyPassword } from '@/lib/infra/auth/password';
import { getDb } from '@/lib/infra/db/client';
import { invitations, members } from '@/lib/infra/db/schema';
import {
  acceptInvitation,
  createInvitation,
  findInvitation,
  hashToken,
  INVITATION_MESSAGES,
} from './invitations';
import { changePassword, updateMember } from './members';

const stamp = Date.now();
const mail = (who: string) => `${who}-${stamp}@example.test`;

describe('invitations', () => {
  it('stores only a hash of the token', async () => {
    const inv = await createInvitation({
      email: mail('hash'),
      role: 'support',
      invitedBy: (await owner()).id,
    });
    const db = await getDb();
    const [row] = await db.select().from(invitations).where(eq(invitations.id, inv.id));
    expect(row!.tokenHash).toBe(hashToken(inv.token));
    expect(JSON.stringify(row)).not.toContain(inv.token);
  });

  it('works once', async () => {
    const inv = await createInvitation({
      email: mail('once'),
      role: 'moderator',
      invitedBy: (await owner()).id,
    });
    const created = await acceptInvitation({ token: inv.token, name: 'Once', password: 'a-long-password-1' });
    expect(created).toMatchObject({ email: mail('once'), role: 'moderator' });
    await expect(
      acceptInvitation({ token: inv.token, name: 'Twice', password: 'a-long-password-1' }),
    ).rejects.toMatchObject({ code: 'invitation-used' });
    expect((await findInvitation(inv.token)).state).toBe('used');
  });

  it('lets exactly one of two simultaneous accepts through', async () => {
    const inv = await createInvitation({
      email: mail('race'),
      role: 'support',
      invitedBy: (await owner()).id,
    });
    const results = await Promise.allSettled([
      acceptInvitation({ token: inv.token, name: 'A', password: 'a-long-password-1' }),
      acceptInvitation({ token: inv.token, name: 'B', password: 'a-long-password-1' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('expires', async () => {
    const past = new Date(Date.now() - 8 * 86_400_000);
    const inv = await createInvitation({
      email: mail('old'),
      role: 'support',
      invitedBy: (await owner()).id,
      now: past,
    });
    expect((await findInvitation(inv.token)).state).toBe('expired');
    const late = await acceptInvitation({
      token: inv.token,
      name: 'Late',
      password: 'a-long-password-1',
    }).catch((err: unknown) => err);
    expect(late).toBeInstanceOf(ActionRefusal);
    expect(late).toMatchObject({ code: 'invitation-expired', message: INVITATION_MESSAGES.expired });
  });

  it('refuses an unknown token', async () => {
    expect((await findInvitation('not-a-real-token-at-all-xxxx')).state).toBe('unknown');
  });
});

let firstOwner: { id: number } | null = null;
async function owner() {
  firstOwner ??= await createMember({
    email: mail('owner'),
    name: 'Owner',
    password: 'owner-password-1',
    role: 'owner',
  });
  return firstOwner as { id: number; role: 'owner' };
}

describe('last-owner protection', () => {
  it('refuses to demote or disable the last active owner, allows it once another owner exists', async () => {
    const db = await getDb();
    // Other tests' owners must not count: make this one the only active owner.
    const me = await owner();
    await db.update(members).set({ disabled: true }).where(eq(members.role, 'owner'));
    await db.update(members).set({ disabled: false }).where(eq(members.id, me.id));
    const actor = { id: me.id, role: 'owner' as const };
    await expect(updateMember(actor, me.id, { role: 'admin' })).rejects.toMatchObject({ code: 'last-owner' });
    // The desk's own rules refuse with the class every action reports as a refusal.
    await expect(updateMember(actor, me.id, { role: 'admin' })).rejects.toBeInstanceOf(ActionRefusal);
    const other = await createMember({
      email: mail('owner2'),
      name: 'Owner 2',
      password: 'owner-password-1',
      role: 'admin',
    });
    await expect(updateMember(actor, other.id, { disabled: true })).resolves.toBeTruthy();
    // A disabled owner does not count as the other owner.
    await updateMember(actor, other.id, { role: 'owner' });
    await expect(updateMember(actor, me.id, { role: 'admin' })).rejects.toMatchObject({ code: 'last-owner' });
    await updateMember(actor, other.id, { disabled: false });
    await expect(updateMember(actor, me.id, { role: 'admin' })).resolves.toBeTruthy();
  });

  it('keeps admins away from owners and from making owners', async () => {
    const admin = await createMember({
      email: mail('admin'),
      name: 'Admin',
      password: 'admin-password-1',
      role: 'admin',
    });
    const target = await createMember({
      email: mail('mod'),
      name: 'Mod',
      password: 'mod-password-12',
      role: 'moderator',
    });
    const actor = { id: admin.id, role: 'admin' as const };
    await expect(updateMember(actor, target.id, { role: 'owner' })).rejects.toMatchObject({
      code: 'forbidden-role',
    });
    const anOwner = await createMember({
      email: mail('owner3'),
      name: 'Owner 3',
      password: 'owner-password-1',
      role: 'owner',
    });
    await expect(updateMember(actor, anOwner.id, { disabled: true })).rejects.toMatchObject({
      code: 'forbidden-role',
    });
    await expect(updateMember(actor, target.id, { role: 'support' })).resolves.toBeTruthy();
  });
});

describe('password change', () => {
  it('needs the current password and ends existing sessions', async () => {
    const m = await createMember({
      email: mail('pw'),
      name: 'Pw',
      password: 'old-password-123',
      role: 'support',
    });
    expect(await changePassword(m.id, 'wrong-password', 'new-password-123')).toBe(false);
    expect(await changePassword(m.id, 'old-password-123', 'new-password-123')).toBe(true);
    const db = await getDb();
    const [row] = await db.select().from(members).where(eq(members.id, m.id));
    expect(await verifyPassword(row!.passwordHash, 'new-password-123')).toBe(true);
    expect(row!.sessionsRevokedAt).not.toBeNull();
  });
});

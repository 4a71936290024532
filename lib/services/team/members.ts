import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb } from '@/lib/infra/db/client';
import type { Role } from '@/lib/infra/auth/roles';
import { members } from '@/lib/infra/db/schema';
import { hashPassword, verifyPassword } from '@/lib/infra/auth/password';
import { canAssignRole } from '@/lib/infra/auth/permissions';

// Any fixed number: serialises changes that could remove the last active owner.
const OWNERS_LOCK = 72_170_008;

type Actor = { id: number; role: Role };

/**
 * Role changes and disabling, with the rules that keep the team governable: an admin never
 * touches an owner nor makes one, and the last active owner stays an active owner.
 */
export async function updateMember(
  actor: Actor,
  targetId: number,
  change: { role: Role } | { disabled: boolean },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${OWNERS_LOCK})`);
    const [target] = await tx
      .select({ id: members.id, email: members.email, role: members.role, disabled: members.disabled })
      .from(members)
      .where(eq(members.id, targetId));
    if (!target) throw new ActionRefusal('This member no longer exists.', 'not-found');
    if (target.role === 'owner' && actor.role !== 'owner') {
      throw new ActionRefusal('Only an owner can change an owner.', 'forbidden-role');
    }
    if ('role' in change && !canAssignRole(actor.role, change.role)) {
      throw new ActionRefusal(`A ${actor.role} cannot give the ${change.role} role.`, 'forbidden-role');
    }
    if ('disabled' in change && change.disabled && target.id === actor.id) {
      throw new ActionRefusal('You cannot disable yourself.', 'self');
    }
    const losesOwner =
      target.role === 'owner' &&
      !target.disabled &&
      (('role' in change && change.role !== 'owner') || ('disabled' in change && change.disabled));
    if (losesOwner) {
      const [others] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(members)
        .where(and(eq(members.role, 'owner'), eq(members.disabled, false), ne(members.id, target.id)));
      if ((others?.n ?? 0) === 0) {
        throw new ActionRefusal(
          'This is the last active owner: make another member owner first.',
          'last-owner',
        );
      }
    }
    await tx.update(members).set(change).where(eq(members.id, target.id));
    return { id: target.id, email: target.email, before: { role: target.role, disabled: target.disabled } };
  });
}

/** Checks the current password, then stores the new one and ends every other session. */
export async function changePassword(memberId: number, current: string, next: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ hash: members.passwordHash }).from(members).where(eq(members.id, memberId));
  if (!row || !(await verifyPassword(row.hash, current))) return false;
  await db
    .update(members)
    .set({ passwordHash: await hashPassword(next), sessionsRevokedAt: new Date() })
    .where(eq(members.id, memberId));
  return true;
}

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export async function setTheme(memberId: number, theme: Theme): Promise<void> {
  const db = await getDb();
  await db.update(members).set({ theme }).where(eq(members.id, memberId));
}

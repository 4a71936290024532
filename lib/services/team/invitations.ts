import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb } from '@/lib/infra/db/client';
import type { Role } from '@/lib/infra/auth/roles';
import { invitations, members } from '@/lib/infra/db/schema';
import { hashPassword } from '@/lib/infra/auth/password';

const INVITATION_DAYS = 7;

/** Only this hash is stored: a leaked database row cannot be turned back into a working link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createInvitation(input: {
  email: string;
  role: Role;
  invitedBy: number;
  now?: Date;
}): Promise<{ id: number; token: string; expiresAt: Date }> {
  const db = await getDb();
  const token = randomBytes(32).toString('base64url');
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const [row] = await db
    .insert(invitations)
    .values({
      tokenHash: hashToken(token),
      email: input.email.trim(),
      role: input.role,
      invitedBy: input.invitedBy,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: invitations.id });
  return { id: row!.id, token, expiresAt };
}

export type InvitationState = 'valid' | 'unknown' | 'expired' | 'used' | 'revoked';

export async function findInvitation(token: string, now = new Date()) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)));
  const state: InvitationState = !row
    ? 'unknown'
    : row.acceptedAt
      ? 'used'
      : row.revokedAt
        ? 'revoked'
        : row.expiresAt <= now
          ? 'expired'
          : 'valid';
  return { state, invitation: row ?? null };
}

export const INVITATION_MESSAGES: Record<Exclude<InvitationState, 'valid'>, string> = {
  unknown: 'This invitation link is not valid. Ask for a new one.',
  expired: 'This invitation has expired. Ask for a new one.',
  used: 'This invitation has already been used. Sign in instead.',
  revoked: 'This invitation was withdrawn. Ask for a new one.',
};

/** Why a link cannot be accepted, in the member's words; the code names the state (`invitation-used`). */
function invitationRefusal(state: Exclude<InvitationState, 'valid'> | 'email-taken'): ActionRefusal {
  const message =
    state === 'email-taken' ? 'A member with this email already exists.' : INVITATION_MESSAGES[state];
  return new ActionRefusal(message, `invitation-${state}`);
}

/**
 * Spends the invitation and creates the member in one transaction: the conditional UPDATE lets
 * exactly one of two simultaneous accepts through.
 */
export async function acceptInvitation(input: { token: string; name: string; password: string; now?: Date }) {
  const db = await getDb();
  const now = input.now ?? new Date();
  const passwordHash = await hashPassword(input.password);
  const result = await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(
        and(
          eq(invitations.tokenHash, hashToken(input.token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!spent) return null;
    const [taken] = await tx
      .select({ id: members.id })
      .from(members)
      .where(sql`lower(${members.email}) = lower(${spent.email})`);
    // Throwing rolls the spending back: the link still works once the clash is sorted out.
    if (taken) throw invitationRefusal('email-taken');
    const [member] = await tx
      .insert(members)
      .values({ email: spent.email, name: input.name.trim(), role: spent.role, passwordHash })
      .returning({ id: members.id, email: members.email, role: members.role });
    await tx.update(invitations).set({ acceptedMemberId: member!.id }).where(eq(invitations.id, spent.id));
    return member!;
  });
  if (!result) {
    const { state } = await findInvitation(input.token, now);
    throw invitationRefusal(state === 'valid' ? 'used' : state);
  }
  return result;
}

export async function revokeInvitation(id: number): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return Boolean(row);
}

/** Invitations not yet used, withdrawn or expired, for the team page. */
export async function listOpenInvitations(now = new Date()) {
  const db = await getDb();
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      invitedBy: members.name,
    })
    .from(invitations)
    .leftJoin(members, eq(members.id, invitations.invitedBy))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

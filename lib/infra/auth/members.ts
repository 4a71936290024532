import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { ActionRefusal } from '@/lib/infra/actions/result';
import { getDb, type Db } from '@/lib/infra/db/client';
import { members } from '@/lib/infra/db/schema';
import type { Role } from './roles';
import { hashPassword } from './password';

export type Member = {
  id: number;
  email: string;
  name: string;
  role: Role;
  theme: 'system' | 'light' | 'dark';
};

const memberColumns = {
  id: members.id,
  email: members.email,
  name: members.name,
  role: members.role,
  theme: members.theme,
};

// Any fixed number: serialises first-run setup across requests and processes.
const FIRST_OWNER_LOCK = 72_170_002;

export async function countMembers(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(members);
  return row?.n ?? 0;
}

/** The columns `activeMemberOf` reads: join them to read a member along with something else. */
export const activeMemberColumns = {
  ...memberColumns,
  disabled: members.disabled,
  revokedAt: members.sessionsRevokedAt,
};

type ActiveMemberRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  theme: Member['theme'];
  disabled: boolean;
  revokedAt: Date | null;
};

/** The member from those columns, or null when there is none, it is disabled, or its sessions since `signedInAt` were revoked. */
export function activeMemberOf(
  row: ActiveMemberRow | null | undefined,
  signedInAt = Number.POSITIVE_INFINITY,
): Member | null {
  if (!row || row.disabled) return null;
  if (row.revokedAt && signedInAt <= row.revokedAt.getTime()) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, theme: row.theme };
}

export async function getActiveMember(
  id: number,
  signedInAt = Number.POSITIVE_INFINITY,
): Promise<Member | null> {
  const db = await getDb();
  const [row] = await db.select(activeMemberColumns).from(members).where(eq(members.id, id));
  return activeMemberOf(row, signedInAt);
}

export async function findMemberForSignIn(email: string) {
  const db = await getDb();
  const [row] = await db
    .select({ ...memberColumns, passwordHash: members.passwordHash, disabled: members.disabled })
    .from(members)
    .where(sql`lower(${members.email}) = lower(${email})`);
  return row ?? null;
}

/** Ends every session of the member that exists now; signing in again starts a new one. */
export async function revokeSessions(id: number): Promise<void> {
  const db = await getDb();
  await db.update(members).set({ sessionsRevokedAt: new Date() }).where(eq(members.id, id));
}

export async function markSignedIn(id: number): Promise<void> {
  const db = await getDb();
  await db.update(members).set({ lastSignInAt: new Date() }).where(eq(members.id, id));
}

type NewMember = { email: string; name: string; password: string; role: Role };

async function insertMember(db: Db, input: NewMember): Promise<Member> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await db
      .insert(members)
      .values({ email: input.email.trim(), name: input.name.trim(), role: input.role, passwordHash })
      .returning(memberColumns);
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) {
      const message = 'A member with this email already exists.';
      throw new ActionRefusal(message, 'email-taken', { email: [message] });
    }
    throw err;
  }
}

// Drizzle wraps the driver's error; PostgreSQL's code is on the cause.
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

/** Creates the owner only while no member exists; returns null once one does. */
export async function createFirstOwner(input: Omit<NewMember, 'role'>): Promise<Member | null> {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_OWNER_LOCK})`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(members);
    if ((existing?.n ?? 0) > 0) return null;
    const [row] = await tx
      .insert(members)
      .values({ email: input.email.trim(), name: input.name.trim(), role: 'owner', passwordHash })
      .returning(memberColumns);
    return row!;
  });
}

export async function createMember(input: NewMember): Promise<Member> {
  return insertMember(await getDb(), input);
}

export async function listMembers() {
  const db = await getDb();
  return db
    .select({ ...memberColumns, disabled: members.disabled, lastSignInAt: members.lastSignInAt })
    .from(members)
    .orderBy(members.createdAt);
}

import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes, sites } from '@/lib/infra/db/schema';
import type { Member } from '@/lib/infra/auth/members';
import type { AuditOutcome } from './outcomes';

export type AuditSubject = {
  siteId?: number;
  target?: Record<string, unknown>;
  params?: Record<string, unknown>;
};

/** Written before the call, so a crash mid-call still leaves the intent on record. */
export async function recordIntent(
  action: string,
  member: Pick<Member, 'id' | 'email' | 'role'> | null,
  subject: AuditSubject,
): Promise<number> {
  const db = await getDb();
  // The site's name as it is now, read in the same statement (one round trip per intent).
  const siteName =
    subject.siteId === undefined
      ? null
      : sql<string | null>`(select ${sites.name} from ${sites} where ${sites.id} = ${subject.siteId})`;
  const [row] = await db
    .insert(auditLog)
    .values({
      action,
      memberId: member?.id ?? null,
      memberEmail: member?.email ?? null,
      memberRole: member?.role ?? null,
      siteId: subject.siteId ?? null,
      siteName,
      target: subject.target ?? null,
      params: subject.params ?? null,
    })
    .returning({ id: auditLog.id });
  return row!.id;
}

export async function recordOutcome(
  auditId: number,
  outcome: AuditOutcome,
  durationMs: number,
  detail: { code?: string; message?: string } = {},
): Promise<void> {
  const db = await getDb();
  await db.insert(auditOutcomes).values({
    auditId,
    outcome,
    durationMs: Math.round(durationMs),
    code: detail.code ?? null,
    message: detail.message?.slice(0, 2000) ?? null,
  });
}

/**
 * Intents of many calls of one job, in one write (a job over hundreds of threads would
 * otherwise spend more time writing its log than calling the site). Ids in the given order.
 */
export async function recordIntents(
  action: string,
  member: Pick<Member, 'id' | 'email' | 'role'> | null,
  siteId: number,
  subjects: Omit<AuditSubject, 'siteId'>[],
): Promise<number[]> {
  if (subjects.length === 0) return [];
  const db = await getDb();
  const [site] = await db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId));
  const rows = await db
    .insert(auditLog)
    .values(
      subjects.map((subject) => ({
        action,
        memberId: member?.id ?? null,
        memberEmail: member?.email ?? null,
        memberRole: member?.role ?? null,
        siteId,
        siteName: site?.name ?? null,
        target: subject.target ?? null,
        params: subject.params ?? null,
      })),
    )
    .returning({ id: auditLog.id });
  // Ids come from the sequence in VALUES order.
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function recordOutcomes(
  entries: { auditId: number; outcome: AuditOutcome; durationMs: number; code?: string; message?: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  const db = await getDb();
  await db.insert(auditOutcomes).values(
    entries.map((e) => ({
      auditId: e.auditId,
      outcome: e.outcome,
      durationMs: Math.round(e.durationMs),
      code: e.code ?? null,
      message: e.message?.slice(0, 2000) ?? null,
    })),
  );
}

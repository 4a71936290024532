import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditLog, auditOutcomes, sites, type AuditOutcome } from '@/lib/db/schema';
import type { Member } from '@/lib/auth/members';

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
  let siteName: string | null = null;
  if (subject.siteId !== undefined) {
    const [site] = await db.select({ name: sites.name }).from(sites).where(eq(sites.id, subject.siteId));
    siteName = site?.name ?? null;
  }
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

export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>['rows'][number];

export async function listAuditEntries({
  page = 1,
  perPage = 50,
  siteId,
}: {
  page?: number;
  perPage?: number;
  siteId?: number;
}) {
  const db = await getDb();
  const where = siteId === undefined ? undefined : eq(auditLog.siteId, siteId);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        memberEmail: auditLog.memberEmail,
        memberRole: auditLog.memberRole,
        siteName: auditLog.siteName,
        action: auditLog.action,
        target: auditLog.target,
        params: auditLog.params,
        outcome: auditOutcomes.outcome,
        code: auditOutcomes.code,
        message: auditOutcomes.message,
        durationMs: auditOutcomes.durationMs,
      })
      .from(auditLog)
      .leftJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

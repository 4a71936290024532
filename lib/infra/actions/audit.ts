import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/infra/db/client';
import { jsonRows, rowsOf } from '@/lib/infra/db/rows';
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
 * One statement with the subjects as one JSON parameter and the site's name read inside it:
 * a statement with eight parameters per row costs more to build than the insert itself.
 */
export async function recordIntents(
  action: string,
  member: Pick<Member, 'id' | 'email' | 'role'> | null,
  siteId: number,
  subjects: Omit<AuditSubject, 'siteId'>[],
): Promise<number[]> {
  if (subjects.length === 0) return [];
  const db = await getDb();
  const json = jsonRows(subjects.map((s) => ({ target: s.target ?? null, params: s.params ?? null })));
  const written = await db.execute(
    intentsInsert(
      action,
      siteId,
      sql`(SELECT ${member?.id ?? null}::int AS member_id, ${member?.email ?? null}::text AS member_email,
        ${member?.role ?? null}::text AS member_role, e.v->'target' AS target, e.v->'params' AS params, e.ord
        FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS e(v, ord))`,
    ),
  );
  // Ids come from the sequence in the subjects' order.
  return rowsOf<{ id: number | string }>(written)
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

/**
 * The intents' INSERT of one action on one site, from `source`: a sub-select with the columns
 * member_id, member_email, member_role, target (jsonb), params (jsonb) and ord (their order, in
 * which the ids are drawn). A statement of its own, or a part of a caller's WITH that writes the
 * action's effect and outcomes together. Returns the ids.
 */
export function intentsInsert(action: string, siteId: number, source: SQL): SQL {
  return sql`INSERT INTO ${auditLog} (action, member_id, member_email, member_role, site_id, site_name, target, params)
    SELECT ${action}, s.member_id, s.member_email, s.member_role,
      ${siteId}::int, (SELECT ${sites.name} FROM ${sites} WHERE ${sites.id} = ${siteId}),
      nullif(s.target, 'null'::jsonb), nullif(s.params, 'null'::jsonb)
    FROM ${source} s
    ORDER BY s.ord
    RETURNING id`;
}

/** Outcomes of many calls, in one statement with one JSON parameter. */
export async function recordOutcomes(
  entries: { auditId: number; outcome: AuditOutcome; durationMs: number; code?: string; message?: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  const db = await getDb();
  const json = jsonRows(
    entries.map((e) => ({
      audit_id: e.auditId,
      outcome: e.outcome,
      duration_ms: Math.round(e.durationMs),
      code: e.code ?? null,
      message: e.message?.slice(0, 2000) ?? null,
    })),
  );
  await db.execute(sql`
    INSERT INTO ${auditOutcomes} (audit_id, outcome, duration_ms, code, message)
    SELECT r.audit_id, r.outcome, r.duration_ms, r.code, r.message
    FROM jsonb_to_recordset(${json}::jsonb) AS r(audit_id bigint, outcome text, duration_ms int, code text, message text)`);
}

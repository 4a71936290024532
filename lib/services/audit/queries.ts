/** The audit log's one WHERE builder, shared by the table's rows, its count and the CSV export. */
import 'server-only';
import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/infra/db/client';
import type { AuditOutcome } from '@/lib/infra/actions/outcomes';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';

export type AuditFilter = {
  siteId?: number;
  memberId?: number;
  action?: string;
  /** Any of these actions (the overview's queue decisions: `?decisions=queue`). */
  actions?: readonly string[];
  /** Who decided: a rule (its params name it) or a person. */
  by?: 'rule' | 'people';
  /** 'none': the intent was written but no outcome (the process died mid-call). */
  outcome?: AuditOutcome | 'none';
  /** Words in the target (names as they were, ids, emails). */
  target?: string;
  /** Actions about one person of the site: the user banned, trusted, or whose message was decided. */
  bmUserId?: number;
  /** Inclusive UTC days, YYYY-MM-DD. */
  from?: string;
  to?: string;
};

function auditWhere(f: AuditFilter): SQL | undefined {
  return and(
    f.siteId === undefined ? undefined : eq(auditLog.siteId, f.siteId),
    f.memberId === undefined ? undefined : eq(auditLog.memberId, f.memberId),
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.actions?.length ? inArray(auditLog.action, [...f.actions]) : undefined,
    f.by === 'rule'
      ? sql`${auditLog.params} ? 'rule'`
      : f.by === 'people'
        ? sql`NOT coalesce(${auditLog.params} ? 'rule', false)`
        : undefined,
    f.outcome === 'none'
      ? isNull(auditOutcomes.outcome)
      : f.outcome
        ? eq(auditOutcomes.outcome, f.outcome)
        : undefined,
    f.target
      ? sql`${auditLog.target}::text ILIKE ${`%${f.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
      : undefined,
    f.bmUserId === undefined
      ? undefined
      : sql`(${auditLog.target}->>'bmUserId' = ${String(f.bmUserId)} OR ${auditLog.target}->'bmUserIds' @> ${JSON.stringify([f.bmUserId])}::jsonb)`,
    f.from ? sql`${auditLog.at} >= ${`${f.from}T00:00:00Z`}::timestamptz` : undefined,
    f.to ? sql`${auditLog.at} < (${`${f.to}T00:00:00Z`}::timestamptz + interval '1 day')` : undefined,
  );
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  memberId: auditLog.memberId,
  memberEmail: auditLog.memberEmail,
  memberRole: auditLog.memberRole,
  siteId: auditLog.siteId,
  siteName: auditLog.siteName,
  action: auditLog.action,
  target: auditLog.target,
  params: auditLog.params,
  outcome: auditOutcomes.outcome,
  code: auditOutcomes.code,
  message: auditOutcomes.message,
  durationMs: auditOutcomes.durationMs,
};

// Not async: a query builder is thenable, so returning it from an async function would run it.
function select(db: Db) {
  return db.select(columns).from(auditLog).leftJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id));
}

export type AuditRow = Awaited<ReturnType<typeof getAuditPage>>['rows'][number];

/** Newest first, one page, with the total for the same filter. */
export async function getAuditPage(
  f: AuditFilter,
  { page = 1, perPage = 50 }: { page?: number; perPage?: number } = {},
) {
  const db = await getDb();
  const where = auditWhere(f);
  const [rows, [count]] = await Promise.all([
    select(db)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .leftJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(where),
  ]);
  const total = count?.n ?? 0;
  return { rows, total, page, perPage, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

/** Keyset pages for the export: ids below `before`, newest first; memory stays one batch. */
export async function getAuditBatch(f: AuditFilter, before: number | null, size: number) {
  return select(await getDb())
    .where(and(auditWhere(f), before === null ? undefined : lt(auditLog.id, before)))
    .orderBy(desc(auditLog.id))
    .limit(size);
}

/** The filters' choices: who has acted and which actions exist. */
export async function getAuditFacets() {
  const db = await getDb();
  const [actions, members] = await Promise.all([
    db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action),
    db
      .selectDistinct({ id: auditLog.memberId, email: auditLog.memberEmail })
      .from(auditLog)
      .where(sql`${auditLog.memberId} IS NOT NULL`)
      .orderBy(auditLog.memberEmail),
  ]);
  return {
    actions: actions.map((a) => a.action),
    members: members as { id: number; email: string | null }[],
  };
}

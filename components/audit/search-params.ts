import { z } from 'zod';
import { AUDIT_OUTCOMES } from '@/lib/db/schema';
import type { AuditFilter } from '@/lib/audit/queries';
import { PER_PAGE_OPTIONS } from '@/lib/table/per-page';
import { dateParam, intParam, tableParams } from '@/lib/table/search-params';

/** The audit table's URL state; the CSV export parses the same parameters, so it exports what the table shows. */
export const auditSearchParams = tableParams(['at'] as const, 'at.desc').extend({
  // Audit rows are short: a longer first page than other tables.
  perPage: z.coerce
    .number()
    .int()
    .refine((n) => (PER_PAGE_OPTIONS as readonly number[]).includes(n))
    .catch(50),
  member: intParam,
  site: intParam,
  action: z.string().trim().max(100).optional().catch(undefined),
  outcome: z
    .enum([...AUDIT_OUTCOMES, 'none'])
    .optional()
    .catch(undefined),
  target: z.string().trim().max(200).optional().catch(undefined),
  from: dateParam,
  to: dateParam,
});

export type AuditSearch = z.infer<typeof auditSearchParams>;

export function auditFilter(s: AuditSearch, siteId?: number): AuditFilter {
  return {
    siteId: siteId ?? s.site,
    memberId: s.member,
    action: s.action || undefined,
    outcome: s.outcome,
    target: s.target || undefined,
    from: s.from,
    to: s.to,
  };
}

/** The filter part of the URL, for the export link. */
export function filterQuery(s: AuditSearch, siteId?: number): string {
  const q = new URLSearchParams();
  const f = auditFilter(s, siteId);
  if (f.siteId !== undefined) q.set('site', String(f.siteId));
  if (f.memberId !== undefined) q.set('member', String(f.memberId));
  for (const key of ['action', 'outcome', 'target', 'from', 'to'] as const) {
    const v = f[key];
    if (v) q.set(key, v);
  }
  return q.toString();
}

import { z } from 'zod';
import { AUDIT_OUTCOMES } from '@/lib/infra/actions/outcomes';
import type { AuditFilter } from '@/lib/services/audit/queries';
import { ALL_QUEUE_DECISION_ACTIONS } from '@/lib/services/queues/decision-actions';
import {
  choiceParam,
  dateParam,
  idParam,
  perPageParam,
  tableParams,
  textParam,
} from '@/lib/infra/table/search-params';

/** The audit table's URL state; the CSV export parses the same parameters, so it exports what the table shows. */
export const auditSearchParams = tableParams(['at'] as const, 'at.desc').extend({
  // Audit rows are short: a longer first page than other tables.
  perPage: perPageParam(50),
  member: idParam,
  site: idParam,
  action: textParam,
  /** `queue`: every decision that takes an item out of the reports or pending queue. */
  decisions: choiceParam(['queue']),
  by: choiceParam(['rule', 'people']),
  outcome: choiceParam([...AUDIT_OUTCOMES, 'none']),
  target: textParam,
  from: dateParam,
  to: dateParam,
});

export type AuditSearch = z.infer<typeof auditSearchParams>;

export function auditFilter(s: AuditSearch, siteId?: number): AuditFilter {
  return {
    siteId: siteId ?? s.site,
    memberId: s.member,
    action: s.action || undefined,
    actions: s.decisions === 'queue' ? ALL_QUEUE_DECISION_ACTIONS : undefined,
    by: s.by,
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
  if (s.decisions) q.set('decisions', s.decisions);
  if (s.by) q.set('by', s.by);
  return q.toString();
}

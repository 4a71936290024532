import type { AuditRow } from '@/lib/services/audit/queries';
import { cn } from '@/components/ui/cn';
import { OUTCOME_LABEL } from '@/lib/services/audit/labels';
import { describe, OUTCOME_STYLE } from './describe';
import { UntrustedText } from '@/components/ui/untrusted-text';

/** Audit rows are text only: targets and reasons can hold names written by strangers. */
export function AuditTable({ rows, empty }: { rows: AuditRow[]; empty: string }) {
  if (rows.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="audit-table">
        <thead className="text-muted">
          <tr className="border-b border-border">
            <th className="py-1.5 pr-3 font-medium">When (UTC)</th>
            <th className="py-1.5 pr-3 font-medium">Member</th>
            <th className="py-1.5 pr-3 font-medium">Site</th>
            <th className="py-1.5 pr-3 font-medium">Action</th>
            <th className="py-1.5 pr-3 font-medium">Target and parameters</th>
            <th className="py-1.5 pr-3 font-medium">Outcome</th>
            <th className="py-1.5 font-medium">Time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-border/60 align-top">
              <td className="py-1.5 pr-3 whitespace-nowrap">
                {new Date(r.at).toISOString().replace('T', ' ').slice(0, 19)}
              </td>
              <td className="py-1.5 pr-3">{r.memberEmail ?? '—'}</td>
              <td className="py-1.5 pr-3">{r.siteName ?? '—'}</td>
              <td className="py-1.5 pr-3 font-mono">{r.action}</td>
              <td className="max-w-md py-1.5 pr-3 break-words">
                <UntrustedText text={[describe(r.target), describe(r.params)].filter(Boolean).join(' · ')} />
              </td>
              <td className={cn('py-1.5 pr-3', OUTCOME_STYLE[r.outcome ?? ''] ?? 'text-muted')}>
                {r.outcome ? OUTCOME_LABEL[r.outcome] : 'no outcome recorded'}
                {r.code && r.outcome !== 'ok' ? ` (${r.code})` : ''}
                {r.message && r.outcome !== 'ok' ? (
                  <UntrustedText className="block text-muted" text={r.message} />
                ) : null}
              </td>
              <td className="py-1.5 whitespace-nowrap">
                {r.durationMs !== null ? `${r.durationMs} ms` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { describe, OUTCOME_STYLE } from '@/components/audit/describe';
import { formatWhen } from '@/components/format-when';
import type { Profile } from '@/lib/services/users/load-profile';
import { UntrustedText } from '@/components/ui/untrusted-text';

/** What BM Desk members did about this person, newest first. */
export function AuditHistory({ entries }: { entries: Profile['audit'] }) {
  if (entries.length === 0) return <p className="text-sm text-muted">Nothing recorded yet.</p>;
  return (
    <table className="w-full text-left text-xs" data-testid="user-audit">
      <thead className="text-muted">
        <tr>
          <th className="py-1 font-medium">When</th>
          <th className="py-1 font-medium">Who</th>
          <th className="py-1 font-medium">Action</th>
          <th className="py-1 font-medium">Details</th>
          <th className="py-1 font-medium">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className="border-t border-border/60 align-top">
            <td className="py-1 pr-2">{formatWhen(e.at)}</td>
            <td className="py-1 pr-2">{e.member ?? '—'}</td>
            <td className="py-1 pr-2 font-medium">{e.action}</td>
            <td className="max-w-md py-1 pr-2 break-words">
              <UntrustedText text={describe({ ...e.target, ...e.params })} />
            </td>
            <td className={`py-1 ${OUTCOME_STYLE[e.outcome ?? ''] ?? 'text-muted'}`}>
              {e.outcome ?? 'no outcome'}
              {e.message ? (
                <>
                  : <UntrustedText text={e.message} />
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

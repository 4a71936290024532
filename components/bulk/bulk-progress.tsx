import { UntrustedText } from '@/components/ui/untrusted-text';
import type { BulkItemResult } from './use-bulk-runner';

/** A progress bar and, once finished, which items worked and why the others did not. */
export function BulkProgress({
  done,
  total,
  results,
  running,
}: {
  done: number;
  total: number;
  results: BulkItemResult[];
  running: boolean;
}) {
  if (total === 0) return null;
  const failed = results.filter((r) => !r.ok);
  return (
    <div className="space-y-2" data-testid="bulk-progress">
      <div
        className="h-2 w-full overflow-hidden rounded bg-surface-2"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        <div className="h-full bg-accent transition-all" style={{ width: `${(done / total) * 100}%` }} />
      </div>
      <p className="text-xs" data-testid="bulk-summary">
        {running
          ? `${done} of ${total} done…`
          : `${total - failed.length} succeeded, ${failed.length} failed.`}
      </p>
      {!running && failed.length > 0 ? (
        <ul className="max-h-40 overflow-auto text-xs text-danger">
          {failed.map((f) => (
            <li key={f.key}>
              <UntrustedText text={f.label} />: <UntrustedText text={f.error} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

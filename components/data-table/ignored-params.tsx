import { ignoredText, type IgnoredParam } from '@/lib/infra/table/search-params';

/** Says which URL filters were dropped, so a page never quietly shows more than was asked. */
export function IgnoredParams({ ignored }: { ignored: IgnoredParam[] }) {
  if (ignored.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="ignored-params"
      className="rounded-md border border-warn/40 bg-warn-bg px-3 py-2 text-sm text-warn"
    >
      {ignored.map((i) => (
        <p key={i.key}>{ignoredText(i)}</p>
      ))}
    </div>
  );
}

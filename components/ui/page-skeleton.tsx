/** A page's shape while it loads: a title and a block. For pages without a table. */
export function PageSkeleton({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="space-y-3" aria-busy="true" aria-label={label}>
      <div className="h-6 w-48 animate-pulse rounded bg-surface-2" />
      <div className="h-32 animate-pulse rounded-lg bg-surface-2" />
    </div>
  );
}

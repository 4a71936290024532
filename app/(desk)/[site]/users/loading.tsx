/** The users table's shape while the first page loads. */
export default function LoadingThreads() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading users">
      <div className="h-6 w-32 animate-pulse rounded bg-surface-2" />
      <div className="flex gap-3">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-8 w-32 animate-pulse rounded bg-surface-2" />
        ))}
      </div>
      <div className="overflow-hidden rounded-lg border border-border bg-surface">
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="flex gap-4 border-b border-border/60 px-3 py-3">
            <div className="h-4 w-1/4 animate-pulse rounded bg-surface-2" />
            <div className="h-4 w-1/6 animate-pulse rounded bg-surface-2" />
            <div className="h-4 w-1/3 animate-pulse rounded bg-surface-2" />
            <div className="h-4 w-1/6 animate-pulse rounded bg-surface-2" />
          </div>
        ))}
      </div>
    </div>
  );
}

export default function Loading() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading">
      <div className="h-6 w-48 animate-pulse rounded bg-surface-2" />
      <div className="h-32 animate-pulse rounded-lg bg-surface-2" />
    </div>
  );
}

export default function Loading() {
  return (
    <div className="max-w-4xl space-y-3" aria-busy="true" aria-label="Loading settings">
      <div className="h-6 w-48 animate-pulse rounded bg-surface-2" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-40 animate-pulse rounded-lg bg-surface-2" />
      ))}
    </div>
  );
}

/** The attachments desk's shape while the first files load. */
export default function LoadingAttachments() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading attachments">
      <div className="h-6 w-32 animate-pulse rounded bg-surface-2" />
      <div className="flex gap-3">
        {Array.from({ length: 7 }, (_, i) => (
          <div key={i} className="h-8 w-28 animate-pulse rounded bg-surface-2" />
        ))}
      </div>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3">
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="h-44 animate-pulse rounded-lg bg-surface-2" />
        ))}
      </div>
    </div>
  );
}

import type { FileRow } from './file-row';

/** The prop that keeps a matching picture covered until an explicit reveal. */
export function removedMatch(row: FileRow): { id: number } | undefined {
  return row.matchesRemovedId === null ? undefined : { id: row.matchesRemovedId };
}

/** "Matches removed image #N": the file's perceptual hash is close to an image removed through BM Desk. */
export function RemovedMatchBadge({ row, short = false }: { row: FileRow; short?: boolean }) {
  if (row.matchesRemovedId === null) return null;
  return (
    <span
      className={short ? 'ml-1 text-danger' : 'rounded bg-danger-bg px-1 text-xs text-danger'}
      data-testid="file-matches-removed"
      title="Its perceptual hash is within a few bits of an image removed through BM Desk."
    >
      {short ? `matches removed #${row.matchesRemovedId}` : `Matches removed image #${row.matchesRemovedId}`}
    </span>
  );
}

/**
 * The query of a table's CSV export link: the page's own filters and sort as its parser read them
 * (so a value the page ignored and named is not sent, and the export does not refuse it), for the
 * keys the page's URL carries. Paging, hidden columns and the focused item are the page's, not
 * the export's. Browser-safe: the toolbars build their link with it.
 */

const NOT_EXPORTED = new Set(['page', 'perPage', 'hide', 'item', 'chunk']);

type SortItem = { id: string; desc?: boolean };

function serialize(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((v) =>
      typeof v === 'object' && v !== null && 'id' in v
        ? `${(v as SortItem).id}.${(v as SortItem).desc ? 'desc' : 'asc'}`
        : String(v),
    );
    return parts.join(',');
  }
  return null;
}

export function exportQuery(search: Record<string, unknown>, present: Iterable<string>): string {
  const out = new URLSearchParams();
  for (const key of new Set(present)) {
    if (NOT_EXPORTED.has(key) || !Object.hasOwn(search, key)) continue;
    const text = serialize(search[key]);
    if (text) out.set(key, text);
  }
  return out.toString();
}

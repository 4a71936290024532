/**
 * The DataTable props that come straight from a server page and its URL state: the rows and
 * paging of the result, the sort and the hidden columns.
 */
export function pageTableProps<T>(
  result: { rows: T[]; total: number; page: number; perPage: number; pageCount: number },
  search: { sort: { id: string; desc?: boolean }[]; hide: string[] },
) {
  return {
    rows: result.rows,
    total: result.total,
    page: result.page,
    perPage: result.perPage,
    pageCount: result.pageCount,
    sort: search.sort.map((s) => ({ id: s.id, desc: Boolean(s.desc) })),
    hidden: search.hide,
  };
}

/** Paging, sorting and text-search pieces shared by every index query. */
import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';

export interface Sort<K extends string> {
  id: K;
  desc?: boolean;
}

export interface PageRequest<K extends string> {
  /** 1-based. */
  page?: number;
  perPage?: number;
  sort?: Sort<K>[];
}

export interface PageResult<T> {
  rows: T[];
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
}

const MAX_PER_PAGE = 200;

export function paging(request: { page?: number; perPage?: number }) {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(request.perPage ?? 25)));
  const page = Math.max(1, Math.floor(request.page ?? 1));
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}

/** ORDER BY from the allowed columns only; `tieBreak` keeps pages stable when values repeat. */
export function ordering<K extends string>(
  columns: Record<K, AnyColumn | SQL>,
  sort: readonly Sort<K>[] | undefined,
  fallback: Sort<K>,
  tieBreak: AnyColumn,
): SQL[] {
  const wanted = (sort ?? []).filter((s) => Object.hasOwn(columns, s.id));
  const list = wanted.length > 0 ? wanted : [fallback];
  return [
    ...list.map((s) => {
      const column = columns[s.id];
      return s.desc ? sql`${column} DESC NULLS LAST` : sql`${column} ASC NULLS LAST`;
    }),
    list[0]!.desc ? desc(tieBreak) : asc(tieBreak),
  ];
}

/**
 * A prefix query from what a person typed: words only (letters and digits of any script), each
 * matching as a prefix, all required. Null when there is no word to look for.
 */
export function prefixTsQuery(text: string | undefined): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `${w}:*`).join(' & ');
}

/** The words of a search as typed (letters and digits of any script, lower case), the first 8. */
export function searchWords(text: string | undefined): string[] {
  return ((text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/** `%text%` for ILIKE with the wildcards in `text` taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

export function pageResult<T>(
  rows: T[],
  total: number,
  page: { page: number; perPage: number },
): PageResult<T> {
  return { rows, total, ...page, pageCount: Math.ceil(total / page.perPage) };
}

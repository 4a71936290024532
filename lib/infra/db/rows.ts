import { sql, type SQL } from 'drizzle-orm';

/**
 * The rows of a raw `db.execute(sql…)` answer: node-postgres and PGlite both put them in `rows`
 * (drizzle passes their result through); some drivers answer with the array itself.
 */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/**
 * A list of ids as one `bigint[]` parameter (`= ANY(…)`): the statement is built and planned the
 * same for 10 ids or 2,000, where an `IN (…)` list costs a parameter each.
 */
export function bigintArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::bigint[]`;
}

/**
 * A set of strings as one parameter, for `x IN ${textSet(values)}` (through JSON: any character
 * survives). A sub-select, not an array: PostgreSQL hashes it, where `= ANY(array)` compares
 * every row with every value.
 */
export function textSet(values: readonly string[]): SQL {
  return sql`(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

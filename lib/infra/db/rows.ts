import { sql, type SQL } from 'drizzle-orm';

/**
 * The rows of a raw `db.execute(sql…)` answer: node-postgres and PGlite both put them in `rows`
 * (drizzle passes their result through); some drivers answer with the array itself.
 */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/** A json value of a raw statement's row as the drivers give it: parsed, or as its text. */
export function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
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

/** A string as PostgreSQL's text and jsonb take it: well-formed (no lone surrogate) and NUL-free. */
export function storable(value: string): string {
  return value.toWellFormed().replaceAll('\0', '');
}

/**
 * Rows as one jsonb parameter for `jsonb_to_recordset` (or any value for `::jsonb`), every string
 * made storable: hundreds of rows are one value to bind instead of thousands (building those
 * through the query builder costs more CPU than the statement), and a stranger's text with a NUL
 * or a lone surrogate does not make PostgreSQL refuse the whole statement.
 */
export function jsonRows(rows: unknown): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'string' ? storable(value) : value,
  );
}

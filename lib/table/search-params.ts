import { z } from 'zod';
import { PER_PAGE_OPTIONS } from './per-page';

/**
 * The one parser of a table's URL state: page, perPage, sort and hidden columns, shared by
 * every server-driven table. Feature tables add their filters with `.extend()`.
 */

const sortItem = /^([A-Za-z]+)\.(asc|desc)$/;

export function tableParams<K extends string>(sortKeys: readonly K[], defaultSort: `${K}.${'asc' | 'desc'}`) {
  return z.object({
    page: z.coerce.number().int().min(1).catch(1),
    perPage: z.coerce
      .number()
      .int()
      .refine((n) => (PER_PAGE_OPTIONS as readonly number[]).includes(n))
      .catch(25),
    sort: z
      .string()
      .catch(defaultSort)
      .default(defaultSort)
      .transform((value) =>
        value
          .split(',')
          .map((part) => sortItem.exec(part))
          .filter((m): m is RegExpExecArray => m !== null && (sortKeys as readonly string[]).includes(m[1]!))
          .map((m) => ({ id: m[1] as K, desc: m[2] === 'desc' })),
      ),
    hide: z
      .string()
      .optional()
      .catch(undefined)
      .transform((v) => (v ? v.split(',').filter(Boolean) : [])),
  });
}

/** `?flag=1` / `?flag=0` → true / false; anything else → no filter. */
export const flagParam = z
  .enum(['1', '0'])
  .optional()
  .catch(undefined)
  .transform((v) => (v === undefined ? undefined : v === '1'));

export const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const intParam = z.coerce.number().int().optional().catch(undefined);

/** Next gives repeated keys as arrays; tables use the first value. */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== '') out[k] = value;
  }
  return out;
}

import { z } from 'zod';
import { PER_PAGE_OPTIONS } from './per-page';

/**
 * The one parser of the desks' URL state. Every value a URL can carry into a query goes through
 * these building blocks, which cannot let through what PostgreSQL would refuse mid-request (an
 * impossible date, a NUL byte, an integer past its `integer`); `parseSearch` drops a bad filter
 * and names it, so the page can say what it ignored instead of crashing or matching everything.
 */

/** PostgreSQL's `integer`: the largest id a row of ours (or a sane site's) can have. */
export const MAX_ID = 2_147_483_647;
const MAX_TEXT = 200;

/** Why a value was refused; the notice words it. */
export type ParamProblem = 'date' | 'number' | 'control' | 'long' | 'value';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** `YYYY-MM-DD` naming a day that exists, years 1–9999 (PostgreSQL has no year 0). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A row id: digits only, 1..MAX_ID; anything else is no id at all. */
export function parseId(value: string | undefined | null): number | undefined {
  if (!value || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_ID ? n : undefined;
}

/** A Better Messages user id: negative for guests, never 0 (the system). */
export function parseUserId(value: string | undefined | null): number | undefined {
  if (!value || !/^-?\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n !== 0 && Math.abs(n) <= MAX_ID ? n : undefined;
}

function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

const problem = (p: ParamProblem) => ({ error: p });

export const dateParam = z.string().refine(isCalendarDate, problem('date')).optional();

export const idParam = z
  .string()
  .transform((v, ctx) => parseId(v) ?? (ctx.addIssue({ code: 'custom', message: 'number' }), z.NEVER))
  .optional();

export const userIdParam = z
  .string()
  .transform((v, ctx) => parseUserId(v) ?? (ctx.addIssue({ code: 'custom', message: 'number' }), z.NEVER))
  .optional();

/**
 * Free text: refused, not cleaned, when it carries control characters (a NUL cannot reach
 * PostgreSQL) or runs past MAX_TEXT (a filter silently dropped would match everything).
 */
export const textParam = z
  .string()
  .trim()
  .refine((v) => !hasControlCharacters(v), problem('control'))
  .refine((v) => v.length <= MAX_TEXT, problem('long'))
  .optional();

/** One of a fixed set of words. */
export function choiceParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, problem('value')).optional();
}

/** A comma-separated list of known words (`?type=group,chat-room`); an unknown one refuses the list. */
export function listParam<T extends string>(values: readonly T[]) {
  return z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .refine((parts) => parts.every((p) => (values as readonly string[]).includes(p)), problem('value'))
    .transform((parts) => parts as T[])
    .optional()
    .transform((v) => v ?? []);
}

/** A bounded whole number (hours, counts). */
export function countParam(max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, problem('number'))
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, problem('number'))
    .optional();
}

/** `?flag=1` / `?flag=0` → true / false; absent → no filter. */
export const flagParam = z
  .enum(['1', '0'], problem('value'))
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1'));

/** A page number; past the end is the table's to say, anything else is page 1. */
export const pageParam = z
  .string()
  .optional()
  .transform((v) => parseId(v) ?? 1);

const sortItem = /^([A-Za-z]+)\.(asc|desc)$/;

/** Paging, sort and hidden columns: a bad value falls back quietly (it filters nothing). */
export function tableParams<K extends string>(sortKeys: readonly K[], defaultSort: `${K}.${'asc' | 'desc'}`) {
  return z.object({
    page: pageParam,
    perPage: perPageParam(25),
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
      .transform((v) => (v ? v.split(',').filter((id) => /^[A-Za-z]{1,40}$/.test(id)) : [])),
  });
}

export function perPageParam(fallback: number) {
  return z.coerce
    .number()
    .int()
    .refine((n) => (PER_PAGE_OPTIONS as readonly number[]).includes(n))
    .catch(fallback);
}

/** Next gives repeated keys as arrays; tables use the first value. */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== '') out[k] = value;
  }
  return out;
}

export type IgnoredParam = { key: string; problem: ParamProblem };
export type RawSearch = Record<string, string | string[] | undefined> | URLSearchParams;

const PROBLEMS = new Set<string>(['date', 'number', 'control', 'long', 'value']);

/**
 * The URL's parameters through `schema`, one at a time: a value its field refuses is dropped (the
 * field takes its default) and reported, so one bad filter never costs the page or the others.
 */
export function parseSearch<S extends z.ZodObject>(
  schema: S,
  raw: RawSearch,
): { search: z.output<S>; ignored: IgnoredParam[] } {
  const input = firstValues(raw instanceof URLSearchParams ? Object.fromEntries(raw) : raw);
  const ignored: IgnoredParam[] = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!(key in input)) continue;
    const result = field.safeParse(input[key]);
    if (result.success) continue;
    const message = result.error.issues[0]?.message ?? '';
    ignored.push({ key, problem: PROBLEMS.has(message) ? (message as ParamProblem) : 'value' });
    delete input[key];
  }
  return { search: schema.parse(input), ignored };
}

/** The notice's words for one ignored parameter. */
export function ignoredText({ key, problem }: IgnoredParam): string {
  switch (problem) {
    case 'date':
      return `Ignored an invalid date in '${key}'.`;
    case 'number':
      return `Ignored an invalid number in '${key}'.`;
    case 'control':
      return `Ignored text with control characters in '${key}'.`;
    case 'long':
      return `Search text is limited to ${MAX_TEXT} characters; '${key}' was not applied.`;
    default:
      return `Ignored an unknown value in '${key}'.`;
  }
}

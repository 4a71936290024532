import type { z } from 'zod';

/**
 * Hostile values for a URL, for the fuzz tests: chosen per field by what the field itself accepts
 * (a field that takes a date gets impossible dates, one that takes a number gets numbers past
 * PostgreSQL's `integer`), so a new parameter is covered the day it is added to a schema.
 */
const accepts = (field: z.ZodType, value: string) => field.safeParse(value).success;

export function badValuesFor(field: z.ZodType): string[] {
  const out = ['\u0000', 'a\u0000b', 'x\u0001\u001by', '\u202e', 'zz-not-a-value', ' '];
  if (accepts(field, '2025-01-31'))
    out.push('9999-99-99', '2025-02-30', '0000-00-00', '2025-13-01', '0000-01-01');
  if (accepts(field, '7'))
    out.push('99999999999', '2147483648', '-2147483649', '0', '-1', '1e3', '7.5', '0x10', '9'.repeat(400));
  if (accepts(field, 'abc')) out.push('x'.repeat(201), `${'y'.repeat(199)}\u0000`, '%', '\\', "'");
  return out;
}

/** Bad values for a dynamic path segment, already encoded for the URL. */
/** What a dynamic segment of an address holds, for the bad values thrown at it. */
export type SegmentKind = 'slug' | 'id' | 'userId' | 'token' | 'rest';

export function badSegments(kind: SegmentKind): string[] {
  const common = ['%00', 'a%00b', '%E2%80%AE', '%C0%80'];
  switch (kind) {
    case 'id':
      return [...common, '99999999999', '2147483648', '0', '-1', 'abc', '1e3', '7.5', '9'.repeat(400)];
    case 'userId':
      return [...common, '99999999999', '2147483648', '-2147483648', '0', 'abc', '1e3', '9'.repeat(400)];
    case 'slug':
      return [...common, 'no-such-site', 'x'.repeat(300)];
    default:
      return [...common, 'x'.repeat(500)];
  }
}

/** Paging, sort, columns, view state and scroll positions: a bad value falls back without a notice. */
export const QUIET_KEYS = ['page', 'perPage', 'sort', 'hide', 'chunk', 'dir', 'view', 'message'];

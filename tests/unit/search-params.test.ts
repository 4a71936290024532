import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APP_URLS } from '@/app/url-params';
import { badValuesFor, QUIET_KEYS } from '@/lib/infra/table/bad-values';
import {
  dateParam,
  ignoredText,
  isCalendarDate,
  MAX_ID,
  parseId,
  parseSearch,
  parseUserId,
  tableParams,
  textParam,
  userIdParam,
} from '@/lib/infra/table/search-params';

describe('the building blocks', () => {
  it('takes only dates that exist, years 1 to 9999', () => {
    for (const ok of ['2025-02-28', '2024-02-29', '0001-01-01', '9999-12-31', '2000-02-29'])
      expect(isCalendarDate(ok), ok).toBe(true);
    for (const bad of [
      '9999-99-99',
      '2025-02-30',
      '2023-02-29',
      '1900-02-29',
      '0000-00-00',
      '0000-01-01',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-1',
      '2025-01-01T00:00',
      '',
    ])
      expect(isCalendarDate(bad), bad).toBe(false);
  });

  it('takes ids from 1 to PostgreSQL integer max, digits only', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId(String(MAX_ID))).toBe(MAX_ID);
    for (const bad of ['0', '-1', '2147483648', '99999999999', '1e3', '7.5', ' 7', '0x10', 'abc', '', null])
      expect(parseId(bad), String(bad)).toBeUndefined();
  });

  it('takes guests’ negative user ids, never 0 or past integer', () => {
    expect(parseUserId('-42')).toBe(-42);
    expect(parseUserId(String(-MAX_ID))).toBe(-MAX_ID);
    for (const bad of ['0', '-0', '2147483648', '-2147483648', '99999999999', '--1', 'x'])
      expect(parseUserId(bad), bad).toBeUndefined();
  });

  it('refuses text with control characters or past 200 characters, and says which', () => {
    const schema = z.object({ q: textParam, to: dateParam, who: userIdParam });
    const run = (raw: Record<string, string>) => parseSearch(schema, raw);
    expect(run({ q: '  café  ' })).toEqual({ search: { q: 'café' }, ignored: [] });
    expect(run({ q: 'a\u0000b' }).ignored).toEqual([{ key: 'q', problem: 'control' }]);
    expect(run({ q: 'x'.repeat(201) }).ignored).toEqual([{ key: 'q', problem: 'long' }]);
    expect(run({ q: 'x'.repeat(200) }).ignored).toEqual([]);
    const mixed = run({ q: 'ok', to: '9999-99-99', who: '99999999999' });
    expect(mixed.search).toEqual({ q: 'ok' });
    expect(mixed.ignored.map(ignoredText)).toEqual([
      "Ignored an invalid date in 'to'.",
      "Ignored an invalid number in 'who'.",
    ]);
    expect(ignoredText({ key: 'q', problem: 'long' })).toBe(
      "Search text is limited to 200 characters; 'q' was not applied.",
    );
  });

  it('pages quietly: a bad page is page 1, a huge one stays an integer', () => {
    const schema = tableParams(['at'] as const, 'at.desc');
    for (const page of ['0', '-3', '1e300', '99999999999', 'x'])
      expect(parseSearch(schema, { page }).search.page, page).toBe(1);
    expect(parseSearch(schema, { page: '7' }).search.page).toBe(7);
    expect(parseSearch(schema, { hide: 'name,\u0000,a b' }).search.hide).toEqual(['name']);
  });
});

/** What may reach a query: no control characters, no number past integer, only real dates. */
function assertSafe(value: unknown, where: string) {
  if (typeof value === 'string') {
    expect(/[\u0000-\u001f\u007f-\u009f]/.test(value), `${where}: ${JSON.stringify(value)}`).toBe(false);
    expect(value.length, where).toBeLessThanOrEqual(200);
  } else if (typeof value === 'number') {
    expect(Number.isInteger(value) && Math.abs(value) <= MAX_ID, `${where}: ${value}`).toBe(true);
  } else if (Array.isArray(value)) value.forEach((v, i) => assertSafe(v, `${where}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) assertSafe(v, `${where}.${k}`);
}

const isDateField = (field: z.ZodType) =>
  field.safeParse('2025-01-31').success && !field.safeParse('abc').success;

describe('every schema of every desk and route', () => {
  const withSchema = APP_URLS.filter((u) => u.search);

  it.each(withSchema.map((u) => [u.path, u.search!] as const))(
    '%s drops and names every bad value, and lets nothing unsafe through',
    (_path, schema) => {
      for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        for (const value of badValuesFor(field)) {
          const { search, ignored } = parseSearch(schema, { [key]: value });
          assertSafe(search, `${key}=${JSON.stringify(value)}`);
          const out = (search as Record<string, unknown>)[key];
          if (isDateField(field) && out !== undefined) expect(isCalendarDate(String(out)), value).toBe(true);
          // A filter that did not take the value says so; paging and sort fall back quietly.
          if (!QUIET_KEYS.includes(key) && /\u0000/.test(value))
            expect(
              ignored.map((i) => i.key),
              `${key}=${JSON.stringify(value)}`,
            ).toContain(key);
        }
      }
    },
  );
});

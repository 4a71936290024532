/**
 * A regular expression with no literal text (`c[a4]+s+[i1]n[o0]`) is narrowed for try on history
 * by a PostgreSQL regular expression built from it: read by the database itself (PGlite here,
 * PostgreSQL under test:pg), it must let through every text RE2 matches, and drop most others.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { RE2 } from 're2-wasm';
import { getDb } from '@/lib/infra/db/client';
import { rowsOf } from '@/lib/infra/db/rows';
import { regexSuperset } from './regex-literals';

const PATTERNS: [string, boolean][] = [
  ['c[a4]+s+[i1]n[o0]', true],
  ['c[a4]+s+[i1]n[o0]', false],
  ['\\b[a-z0-9._%+-]+@gmail\\.com\\b', true],
  ['(?:\\+|00)\\d{2}[ .-]?\\d{3,}', false],
  ['[^\\s@]{3}@[^\\s@]{2}', false],
  ['^\\W*[A-Z]{5,}\\W*$', false],
  ['\\w{4}\\s\\d{1,300}', true],
  ['[k-t]{2}x', true],
  ['(?i:kiosk)|ſtop', false],
  ['(a+)+$', true],
  ['x(?:abc|)y', false],
  ['\\b\\d\\d-\\d\\d\\B', false],
  ['\\p{Lu}{3}\\d', false],
  ['[а-я]{3}\\d', false],
  ['ж{2}', true],
  ['🙂+ free', false],
  ['[\\]\\\\^-]{2}', false],
  ['.{3}\\.\\.\\.', false],
];

const TEXTS = [
  'C4SSSINO time',
  'casino',
  'cAAsIn0 night',
  'mail JOHN.doe@GMAIL.com today',
  'call +44 123 4567',
  'call 0044-1234',
  'abc@de',
  'HELLO!!!',
  '  SHOUTING  ',
  'Word 12345',
  'WORD\u00a01',
  'the \u212Aiosk is open',
  'the KIOSK',
  'ſtop it',
  'Stop it',
  'LUx',
  'aaaa',
  'xy and xabcy',
  'x y',
  '12-34',
  'ABC1',
  'абв1',
  'ЖЖ',
  'жж',
  '🙂🙂 free',
  '\\\\^^',
  'abc...',
  'nothing at all',
  'line\nbreak casino',
  'MIXED ca4sino',
];

/** Short texts from the characters the patterns care about (a fixed seed: the same every run). */
function fuzzTexts(n: number): string[] {
  const alphabet = [...'cCaA4sS\u017fiI1nNoO0kK\u212axXyY .-@+_!09\u00a0\n\tабвЖжÄä🙂\\^]'];
  let seed = 0x2f6b1d;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  return Array.from({ length: n }, () =>
    Array.from(
      { length: 2 + Math.floor(next() * 10) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join(''),
  );
}
TEXTS.push(...fuzzTexts(400));

describe('a regular expression as PostgreSQL reads it (try on history)', () => {
  it('lets every text RE2 matches through, and drops most of the others', async () => {
    const db = await getDb();
    let matches = 0;
    let dropped = 0;
    for (const [pattern, ci] of PATTERNS) {
      const pg = regexSuperset(pattern, ci);
      expect(pg, pattern).not.toBeNull();
      const re = new RE2(pattern, ci ? 'iu' : 'u');
      const list = rowsOf<{ i: number; ok: boolean }>(
        await db.execute(
          sql`SELECT i::int AS i, t ~ ${pg} AS ok
              FROM jsonb_array_elements_text(${JSON.stringify(TEXTS)}::jsonb) WITH ORDINALITY AS x(t, i)`,
        ),
      );
      expect(list).toHaveLength(TEXTS.length);
      for (const { i, ok } of list) {
        const text = TEXTS[i - 1]!;
        if (re.exec(text)) {
          matches++;
          expect(ok, `${pattern} (${ci ? 'i' : ''}) → ${pg} on ${JSON.stringify(text)}`).toBe(true);
        } else if (!ok) dropped++;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(80);
    // Narrowing: most texts the pattern does not match never leave the database.
    expect(dropped).toBeGreaterThan((PATTERNS.length * TEXTS.length - matches) * 0.8);
  });

  it('gives no expression when it would let every text through', () => {
    for (const p of ['a*', '(?:x|)', '\\b', '(?=a)', '.*', 'x{0}'])
      expect(regexSuperset(p, false), p).toBeNull();
    // RE2-only syntax ECMAScript cannot read.
    expect(regexSuperset('(?i)casino', false)).toBeNull();
    // Letters under case folding are both cases (and s also the long s), each as an escape.
    expect(regexSuperset('c[a4]+s+[i1]n[o0]', true)).toBe(
      '[\\u0063\\u0043][\\u0061\\u0041\\u0034]+[\\u0073\\u0053\\u017f]+[\\u0069\\u0049\\u0031][\\u006e\\u004e][\\u006f\\u004f\\u0030]',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, csvLine, csvStream, offsetPages, type CsvPage } from './csv';

const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and leaves plain text alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('defuses every cell a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '=HYPERLINK("http://evil","x")'])
      expect(csvCell(bad).replace(/^"|"$/g, '')).toMatch(/^'/);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    // A leading CR is defused and, being a line break, quoted.
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    // Only the start counts: an equals sign inside is text.
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('shows NUL bytes and direction overrides as visible markers that no longer act', () => {
    expect(csvCell('a\u0000b')).toBe('a⟨U+0000⟩b');
    expect(csvCell('invoice\u202Egnp.exe')).toBe('invoice⟨U+202E⟩gnp.exe');
    expect(csvCell('\u202E=1+1')).toBe('⟨U+202E⟩=1+1');
    expect(csvCell('x\u2066y\u2069')).toBe('x⟨U+2066⟩y⟨U+2069⟩');
  });

  it('keeps real writing as it is: other scripts, emoji, joiners', () => {
    expect(csvCell('محمد عبد الله')).toBe('محمد عبد الله');
    expect(csvCell('日本語のテキスト')).toBe('日本語のテキスト');
    expect(csvCell('👩‍👩‍👧 family')).toBe('👩‍👩‍👧 family');
    expect(csvCell('Zoë, Ærø')).toBe('"Zoë, Ærø"');
  });

  it('writes numbers, booleans and dates BM Desk computed as they are (a guest id is not a formula)', () => {
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell(false)).toBe('no');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    // The same text from a stranger is defused.
    expect(csvCell('-12')).toBe("'-12");
  });

  it('keeps a 100 KB cell whole, quoted once', () => {
    const big = `${'x'.repeat(50_000)},"${'y'.repeat(50_000)}`;
    const cell = csvCell(big);
    // Two enclosing quotes, and the one inside doubled.
    expect(cell.length).toBe(big.length + 2 + 1);
    expect(cell.startsWith('"x')).toBe(true);
    expect(cell.endsWith('y"')).toBe(true);
    expect(cell.slice(1, -1).replace(/""/g, '"')).toBe(big);
  });
});

describe('csvLine and csvStream', () => {
  it('ends each record with CRLF', () => {
    expect(csvLine(['a', 1, 'b,c'])).toBe('a,1,"b,c"\r\n');
  });

  it('streams the header and every page, reading a page only when the reader wants it', async () => {
    const calls: number[] = [];
    const stream = csvStream<number, number>({
      header: ['n', 'text'],
      line: (n) => [n, n % 2 ? '=odd' : 'even'],
      start: 0,
      page: async (cursor): Promise<CsvPage<number, number>> => {
        calls.push(cursor);
        const rows = Array.from({ length: Math.max(0, Math.min(3, 7 - cursor)) }, (_, i) => cursor + i);
        return { rows, next: rows.length < 3 ? null : cursor + 3 };
      },
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('n,text\r\n');
    // Nothing past one page ahead has been read while the reader holds the header.
    expect(calls.length).toBeLessThanOrEqual(1);
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
    expect(calls).toEqual([0, 3, 6]);
    expect(rest.split('\r\n').filter(Boolean)).toEqual([
      '0,even',
      "1,'=odd",
      '2,even',
      "3,'=odd",
      '4,even',
      "5,'=odd",
      '6,even',
    ]);
  });

  it('stops asking when the reader cancels the download', async () => {
    let calls = 0;
    const stream = csvStream<number, number>({
      header: ['n'],
      line: (n) => [n],
      start: 0,
      page: async (cursor) => {
        calls++;
        return { rows: Array.from({ length: 200 }, (_, i) => cursor + i), next: cursor + 200 };
      },
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const seen = calls;
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(seen);
    expect(calls).toBeLessThanOrEqual(2);
  });

  it('ends a file cut short by an error with a line saying so', async () => {
    const text = await read(
      csvStream<number, number>({
        header: ['n'],
        line: (n) => [n],
        start: 0,
        page: async (cursor) => {
          if (cursor > 0) throw new Error('the database went away');
          return { rows: [1, 2], next: 2 };
        },
      }),
    );
    expect(text).toBe('n\r\n1\r\n2\r\nThe export stopped after 2 rows: this file is incomplete.\r\n');
  });

  it('writes only the header for no rows', async () => {
    const text = await read(
      csvStream<number, number>({
        header: ['n'],
        line: (n) => [n],
        start: 0,
        page: offsetPages(async () => []),
      }),
    );
    expect(text).toBe('n\r\n');
  });

  it('pages by offset until a short page', async () => {
    const all = Array.from({ length: 450 }, (_, i) => i);
    const asked: [number, number][] = [];
    const text = await read(
      csvStream({
        header: ['n'],
        line: (n: number) => [n],
        start: 0,
        page: offsetPages(async (offset, limit) => {
          asked.push([offset, limit]);
          return all.slice(offset, offset + limit);
        }),
      }),
    );
    expect(asked).toEqual([
      [0, 200],
      [200, 200],
      [400, 200],
    ]);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(451);
  });
});

describe('csvFileName', () => {
  it('names the file <site>-<table>-<date>.csv with safe characters only', () => {
    const day = new Date('2026-12-03T10:00:00Z');
    expect(csvFileName('demo', 'threads', day)).toBe('demo-threads-2026-12-03.csv');
    expect(csvFileName('a"b/..\\c', 'users', day)).toBe('a-b-..-c-users-2026-12-03.csv');
  });
});

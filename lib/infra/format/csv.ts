/**
 * CSV for every export (the audit log and each desk's table): RFC 4180 quoting with CRLF line
 * ends, no cell a spreadsheet would run as a formula, strangers' hidden characters shown as
 * markers, and a stream that reads one page of rows at a time while the client downloads, so an
 * export of any size holds one page in memory.
 */
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';

/** Rows read per page by every export: the memory bound of a download. */
export const CSV_PAGE_SIZE = 200;

// A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell. Text is strangers' (names, subjects, message text): a direction override or a NUL
 * byte is shown as a visible marker (`⟨U+202E⟩`, `⟨U+0000⟩`) and no longer acts on the text, and a
 * leading formula character is defused with an apostrophe. Numbers BM Desk computed (a guest's
 * negative id, a count) are written as numbers; dates as ISO instants; objects as JSON text.
 */
export function csvCell(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  let text = revealHiddenText(
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
  );
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A page of rows and where the next one starts (null: this was the last). */
export type CsvPage<T, C> = { rows: T[]; next: C | null };

export interface CsvSource<T, C> {
  header: readonly string[];
  /** The cells of one row, in the header's order. */
  line: (row: T) => readonly unknown[];
  /** Where the first page starts. */
  start: C;
  /** One page of rows from `cursor` (an id for keyset paging, an offset for tables sorted on any column). */
  page: (cursor: C) => Promise<CsvPage<T, C>>;
}

/**
 * The rows as a byte stream, read a page at a time as the client takes them (the stream's pull):
 * a slow download waits for the reader instead of piling pages up. A page that fails after rows
 * were sent ends the file with a line saying so, never a file that looks complete.
 */
export function csvStream<T, C>(source: CsvSource<T, C>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | null = source.start;
  let started = false;
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvLine(source.header)));
          return;
        }
        if (cursor === null) {
          controller.close();
          return;
        }
        try {
          const { rows, next } = await source.page(cursor);
          cursor = rows.length === 0 ? null : next;
          if (rows.length > 0) {
            sent += rows.length;
            controller.enqueue(encoder.encode(rows.map((r) => csvLine(source.line(r))).join('')));
          }
          if (cursor === null) controller.close();
        } catch (err) {
          console.error('CSV export stopped:', err);
          controller.enqueue(
            encoder.encode(csvLine([`The export stopped after ${sent} rows: this file is incomplete.`])),
          );
          controller.close();
        }
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * Offset paging over a query sorted with a unique tie-break (every desk's `ordering`): the
 * cursor is the offset. For tables sorted on any column, where an id cursor cannot follow.
 */
export function offsetPages<T>(
  read: (offset: number, limit: number) => Promise<T[]>,
  pageSize = CSV_PAGE_SIZE,
): (offset: number) => Promise<CsvPage<T, number>> {
  return async (offset) => {
    const rows = await read(offset, pageSize);
    return { rows, next: rows.length < pageSize ? null : offset + rows.length };
  };
}

/** `<site>-<table>-<YYYY-MM-DD>.csv`, with only safe characters in the name. */
export function csvFileName(site: string, table: string, at = new Date()): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  return `${safe(site)}-${safe(table)}-${at.toISOString().slice(0, 10)}.csv`;
}

/** The download: a stream of CSV with a file name, never cached or sniffed. */
export function csvResponse(body: ReadableStream<Uint8Array>, fileName: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** A refusal in words (the route handlers' 400, 401, 403 and 404). */
export function plainResponse(text: string, status: number): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** CSV for the audit export: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
import 'server-only';
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { OUTCOME_LABEL } from './labels';
import { getAuditBatch, type AuditFilter, type AuditRow } from './queries';

// A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  // Names and subjects in targets and parameters are strangers' text: a direction override would
  // rewrite how the cell reads in a spreadsheet as on a page.
  let text = revealHiddenText(
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
  );
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_HEADER = [
  'id',
  'when (UTC)',
  'member',
  'role',
  'site',
  'action',
  'target',
  'parameters',
  'outcome',
  'code',
  'message',
  'duration ms',
];

function csvLine(r: AuditRow): string {
  return [
    r.id,
    new Date(r.at).toISOString(),
    r.memberEmail,
    r.memberRole,
    r.siteName,
    r.action,
    r.target,
    r.params,
    r.outcome ? OUTCOME_LABEL[r.outcome] : 'no outcome',
    r.code,
    r.message,
    r.durationMs,
  ]
    .map(csvCell)
    .join(',');
}

/** Pages through the rows with an id cursor while the client reads: a year exports in constant memory. */
export function auditCsvStream(filter: AuditFilter, batchSize = 500): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: number | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${CSV_HEADER.map(csvCell).join(',')}\r\n`));
        return;
      }
      const rows = await getAuditBatch(filter, cursor, batchSize);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!.id;
      controller.enqueue(encoder.encode(rows.map((r) => `${csvLine(r)}\r\n`).join('')));
      if (rows.length < batchSize) controller.close();
    },
  });
}

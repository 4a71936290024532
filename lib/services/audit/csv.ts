/** The audit log as CSV: the shared writer (lib/infra/format/csv) over the log's id cursor. */
import 'server-only';
import { csvCell, csvStream, CSV_PAGE_SIZE } from '@/lib/infra/format/csv';
import { OUTCOME_LABEL } from './labels';
import { getAuditBatch, type AuditFilter, type AuditRow } from './queries';

export { csvCell };

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

function csvValues(r: AuditRow): unknown[] {
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
  ];
}

/** Pages through the rows with an id cursor while the client reads: a year exports in constant memory. */
export function auditCsvStream(filter: AuditFilter, batchSize = CSV_PAGE_SIZE): ReadableStream<Uint8Array> {
  return csvStream<AuditRow, { before: number | null }>({
    header: CSV_HEADER,
    line: csvValues,
    start: { before: null },
    page: async ({ before }) => {
      const rows = await getAuditBatch(filter, before, batchSize);
      return { rows, next: rows.length < batchSize ? null : { before: rows[rows.length - 1]!.id } };
    },
  });
}

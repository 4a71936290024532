import { z } from 'zod';
import type { AttachmentFilter, AttachmentKind } from '@/lib/services/site-index/queries/attachments';
import { ATTACHMENT_SORT_KEYS } from '@/lib/services/site-index/queries/sorts';
import {
  choiceParam,
  dateParam,
  flagParam,
  idParam,
  listParam,
  parseId,
  tableParams,
  textParam,
  userIdParam,
} from '@/lib/infra/table/search-params';
import { FILE_KINDS, SIZE_RANGES, type SizeRange } from './size-ranges';

export const attachmentsSearchParams = tableParams(ATTACHMENT_SORT_KEYS, 'date.desc').extend({
  view: z.enum(['table', 'grid']).catch('table'),
  kind: listParam(FILE_KINDS.map(([k]) => k) as AttachmentKind[]),
  ext: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,10}$/, { error: 'value' })
    .optional(),
  size: choiceParam(Object.keys(SIZE_RANGES) as [SizeRange, ...SizeRange[]]),
  uploader: userIdParam,
  thread: idParam,
  from: dateParam,
  to: dateParam,
  reported: flagParam,
  /** Matches an image removed through BM Desk. */
  matches: flagParam,
  q: textParam,
});

export type AttachmentsSearch = z.infer<typeof attachmentsSearchParams>;

/** The grid's rows route: the page's filters and which chunk of them (0 = the first). */
export const attachmentRowsSearchParams = attachmentsSearchParams.extend({
  chunk: z
    .string()
    .optional()
    .transform((v) => parseId(v) ?? 0),
});

/** The URL's filters as the index query wants them: one mapping for the page and the grid's rows. */
export function attachmentFilter(siteId: number, s: AttachmentsSearch): AttachmentFilter {
  const range = s.size ? SIZE_RANGES[s.size] : undefined;
  return {
    siteId,
    kinds: s.kind,
    ext: s.ext,
    minSize: range?.min,
    maxSize: range?.max,
    uploaderId: s.uploader,
    threadId: s.thread,
    from: s.from ? new Date(`${s.from}T00:00:00Z`) : undefined,
    to: s.to ? new Date(`${s.to}T23:59:59.999Z`) : undefined,
    reported: s.reported,
    matchesRemoved: s.matches,
    name: s.q,
  };
}

export function isFiltered(s: AttachmentsSearch): boolean {
  return Boolean(
    s.kind.length ||
    s.ext ||
    s.size ||
    s.uploader !== undefined ||
    s.thread !== undefined ||
    s.from ||
    s.to ||
    s.reported !== undefined ||
    s.matches !== undefined ||
    s.q,
  );
}

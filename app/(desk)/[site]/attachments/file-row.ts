import type { AttachmentListRow } from '@/lib/services/site-index/queries/attachments';

/** A file as the browser gets it: no site URLs (every byte comes through the safe route). */
export type FileRow = {
  id: number;
  messageId: number | null;
  threadId: number;
  threadSubject: string | null;
  uploaderId: number | null;
  uploaderName: string | null;
  uploaderIsGuest: boolean;
  name: string | null;
  mime: string | null;
  ext: string | null;
  size: number | null;
  date: string | null;
  reported: boolean;
  /** "Matches removed image #N": hidden until an explicit reveal, whatever the member's blur setting. */
  matchesRemovedId: number | null;
};

export function toFileRow(r: AttachmentListRow): FileRow {
  return {
    id: r.id,
    // The plugin lists files still waiting for their message with message id 0.
    messageId: r.messageId ? r.messageId : null,
    threadId: r.threadId,
    threadSubject: r.threadSubject,
    uploaderId: r.uploaderId,
    uploaderName: r.uploaderName,
    uploaderIsGuest: Boolean(r.uploaderIsGuest ?? (r.uploaderId !== null && r.uploaderId < 0)),
    name: r.name,
    mime: r.mime,
    ext: r.ext,
    size: r.size,
    date: r.date ? r.date.toISOString() : null,
    reported: Boolean(r.reported),
    matchesRemovedId: r.matchesRemovedId ?? null,
  };
}

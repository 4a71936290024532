import type { Db } from '../db';

/**
 * Names that lie on screen, for a desk to unmask: with a right-to-left override a display name
 * reads as "Site admin", a subject's `.exe` as a PDF and an HTML file as a PNG. One attachment, its
 * thread and its uploader are renamed after the seed, so no random draw changes and every other
 * row stays as it was.
 */
const LYING_NAMES = {
  displayName: 'Eve \u202Enimda etiS\u202C',
  subject: 'Your invoice \u202Efdp.exe\u202C',
  fileName: 'invoice\u202Egnp.html',
} as const;

export function seedLyingNames(db: Db): void {
  // The first hostile HTML file in a small ordinary conversation (so tables list everyone in it),
  // sent by a member who is none of the four fixed test accounts (guests have negative ids).
  const file = db
    .prepare(
      `SELECT a.id, a.thread_id AS threadId, a.uploader_id AS uploaderId FROM attachments a
       JOIN threads t ON t.id = a.thread_id
       WHERE a.blob = 'html' AND t.type = 'thread' AND t.id > 2 AND a.uploader_id > 4
         AND (SELECT COUNT(*) FROM recipients r WHERE r.thread_id = t.id) <= 4
       ORDER BY a.id LIMIT 1`,
    )
    .get() as { id: number; threadId: number; uploaderId: number } | undefined;
  if (!file) return;
  db.prepare('UPDATE attachments SET name = ? WHERE id = ?').run(LYING_NAMES.fileName, file.id);
  db.prepare('UPDATE threads SET subject = ? WHERE id = ?').run(LYING_NAMES.subject, file.threadId);
  db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(LYING_NAMES.displayName, file.uploaderId);
}

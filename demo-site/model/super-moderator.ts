import type { Ctx } from '../context';
import type { Db } from '../db';
import { moderatorIds } from './chat-rooms';
import { canAdministrateUser } from './moderation';

export function setModerators(db: Db, threadId: number, ids: number[]): void {
  db.prepare(
    "INSERT INTO thread_meta (thread_id, key, value) VALUES (?, 'moderators', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
  ).run(threadId, JSON.stringify(ids));
}

/**
 * is_thread_super_moderator: anyone with bm_can_administrate; in a `thread` of more than two
 * members, whoever is in its `moderators` meta. The plugin fills that meta lazily: the first time
 * a non-admin is checked while it is empty, the thread's first sender becomes its moderator. So a
 * new group thread answers `moderators: []` until then (checked on the real plugin 2.15.28).
 */
export function isThreadSuperModerator(ctx: Ctx, userId: number, threadId: number): boolean {
  const { db } = ctx;
  if (canAdministrateUser(db, userId)) return true;
  const thread = db.prepare('SELECT type FROM threads WHERE id = ?').get(threadId) as
    { type: string } | undefined;
  if (thread?.type !== 'thread') return false;
  const members = db.prepare('SELECT COUNT(*) AS n FROM recipients WHERE thread_id = ?').get(threadId) as {
    n: number;
  };
  if (members.n <= 2) return false;
  const moderators = moderatorIds(db, threadId);
  if (moderators.length > 0) return moderators.includes(userId);
  const first = db
    .prepare(
      'SELECT sender_id FROM messages WHERE thread_id = ? AND sender_id != 0 ORDER BY created_at LIMIT 1',
    )
    .get(threadId) as { sender_id: number } | undefined;
  const creator = first?.sender_id ?? 0;
  setModerators(db, threadId, [creator]);
  return userId === creator;
}

import type { Db } from '../db';
import type { Caller } from '../http/auth';
import { gmtString } from '../time';
import { getSettings } from './settings';
import { getUser } from './users';

export type ListType = 'whitelist' | 'blacklist';

const nowS = () => Math.floor(Date.now() / 1000);

interface ModerationRow {
  user_id: number;
  expiration: number | null;
  admin_id: number;
}

function active(db: Db, type: string, userId: number, threadId: number): boolean {
  return !!db
    .prepare(
      'SELECT 1 FROM moderation WHERE type = ? AND user_id = ? AND thread_id = ? AND (expiration IS NULL OR expiration > ?)',
    )
    .get(type, userId, threadId, nowS());
}

/** Global check, or global-or-thread when a thread is given (as the plugin's is_user_*listed). */
export function isListed(db: Db, type: ListType, userId: number, threadId?: number): boolean {
  if (threadId) return active(db, type, userId, threadId) || active(db, type, userId, 0);
  return active(db, type, userId, 0);
}

export function isThreadListed(db: Db, type: ListType, userId: number, threadId: number): boolean {
  return active(db, type, userId, threadId) || active(db, type, userId, 0);
}

export function canAdministrateUser(db: Db, userId: number): boolean {
  if (userId <= 0) return false;
  const u = getUser(db, userId);
  const roles = (getSettings(db).administrationRoles as string[] | undefined) ?? [];
  return !!u && (u.role === 'administrator' || roles.includes(u.role));
}

/** Adds or replaces an entry. Admins cannot be listed (the plugin returns false, routes answer 500). */
export function listUser(
  db: Db,
  type: ListType,
  userId: number,
  threadId: number | null,
  minutes: number | null,
  adminId: number,
): boolean {
  if (canAdministrateUser(db, userId)) return false;
  const other: ListType = type === 'whitelist' ? 'blacklist' : 'whitelist';
  const tid = threadId ?? 0;
  db.prepare('DELETE FROM moderation WHERE user_id = ? AND thread_id = ? AND type IN (?, ?)').run(
    userId,
    tid,
    type,
    other,
  );
  const expiration = minutes && minutes > 0 ? nowS() + minutes * 60 : null;
  db.prepare(
    'INSERT INTO moderation (thread_id, user_id, type, expiration, admin_id) VALUES (?,?,?,?,?)',
  ).run(tid, userId, type, expiration, adminId);
  return true;
}

/** Always true, like the plugin: not being listed is also success (the operation is idempotent). */
export function unlistUser(db: Db, type: ListType, userId: number, threadId: number | null): boolean {
  db.prepare('DELETE FROM moderation WHERE user_id = ? AND thread_id = ? AND type = ?').run(
    userId,
    threadId ?? 0,
    type,
  );
  return true;
}

export function listedUsers(db: Db, type: ListType, threadId: number | null) {
  const rows = db
    .prepare(
      'SELECT user_id, expiration, admin_id FROM moderation WHERE type = ? AND thread_id = ? AND (expiration IS NULL OR expiration > ?) ORDER BY id',
    )
    .all(type, threadId ?? 0, nowS()) as ModerationRow[];
  return rows.map((r) => ({
    userId: r.user_id,
    expiration: r.expiration === null ? null : gmtString(r.expiration * 1000),
    adminId: r.admin_id,
  }));
}

/**
 * is_moderation_enabled: would this caller's next message in the thread go to the pending queue?
 * Only while pre-moderation is on: a first-time sender or a listed role is held, and then the
 * lists decide, in the plugin's order: thread whitelist, thread blacklist, global whitelist,
 * global blacklist (so a blacklist in a thread outranks a global whitelist).
 */
export function requiresModeration(db: Db, caller: Caller, threadId: number, newThread = false): boolean {
  if (caller.canAdministrate || canAdministrateUser(db, caller.id)) return false;
  const s = getSettings(db);
  if (s.messagesPremoderation !== '1') return false;
  for (const [type, tid] of [
    ['whitelist', threadId],
    ['blacklist', threadId],
    ['whitelist', 0],
    ['blacklist', 0],
  ] as const) {
    if (active(db, type, caller.id, tid)) return type === 'blacklist';
  }
  if (s.messagesModerateFirstTimeSenders === '1' && isFirstTimeSender(db, caller.id)) return true;
  const role = caller.id < 0 ? 'bm-guest' : (caller.user?.role ?? '');
  const roles = (newThread ? s.messagesPremoderationRolesNewConv : s.messagesPremoderationRolesReplies) as
    string[] | undefined;
  return (roles ?? []).includes(role);
}

/** Nobody has yet seen a message of theirs (none approved or sent unheld). */
function isFirstTimeSender(db: Db, userId: number): boolean {
  return !db.prepare('SELECT 1 FROM messages WHERE sender_id = ? AND is_pending = 0 LIMIT 1').get(userId);
}

/** Chat-room restrictions (mute/ban) still in force: `{ban: {id: unixSeconds}, mute: {...}}`. */
export function restrictions(db: Db, threadId: number): Record<string, Record<string, number>> {
  const rows = db
    .prepare(
      "SELECT user_id, type, expiration FROM moderation WHERE thread_id = ? AND type IN ('ban','mute') AND expiration > ?",
    )
    .all(threadId, nowS()) as { user_id: number; type: string; expiration: number }[];
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.type] ??= {})[String(r.user_id)] = r.expiration;
  if (out.ban && out.mute) {
    for (const id of Object.keys(out.ban)) delete out.mute[id];
    if (Object.keys(out.mute).length === 0) delete out.mute;
  }
  return out;
}

export function restrict(
  db: Db,
  type: 'ban' | 'mute',
  threadId: number,
  userId: number,
  minutes: number,
  adminId: number,
): void {
  db.prepare('DELETE FROM moderation WHERE thread_id = ? AND user_id = ? AND type = ?').run(
    threadId,
    userId,
    type,
  );
  db.prepare(
    'INSERT INTO moderation (thread_id, user_id, type, expiration, admin_id) VALUES (?,?,?,?,?)',
  ).run(threadId, userId, type, nowS() + Math.max(1, minutes) * 60, adminId);
}

/** True when a restriction was lifted; the routes answer `false` when there was none. */
export function unrestrict(db: Db, type: 'ban' | 'mute', threadId: number, userId: number): boolean {
  return (
    db
      .prepare('DELETE FROM moderation WHERE thread_id = ? AND user_id = ? AND type = ?')
      .run(threadId, userId, type).changes > 0
  );
}

export function isRestricted(db: Db, type: 'ban' | 'mute', threadId: number, userId: number): boolean {
  return active(db, type, userId, threadId);
}

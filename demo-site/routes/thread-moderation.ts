import type { Req, RouteDef } from '../http/router';
import { intArrayParam, intParam, strParam, WpError } from '../http/wp';
import { moderatorIds } from '../model/chat-rooms';
import { filterMessageContent } from '../model/messages';
import { restrict, unrestrict } from '../model/moderation';
import { flag } from '../model/settings';
import { bundle, getThread, participantIds, type ThreadRow } from '../model/threads';
import { getUser } from '../model/users';

const NS = 'better-messages/v1';

const forbidden = (req: Req) =>
  new WpError('rest_forbidden', 'Sorry, you are not allowed to do that', req.caller.loggedIn ? 403 : 401);

const threadOf = (req: Req) => getThread(req.ctx, Number(req.path.id)) as ThreadRow;

/** can_moderate_thread: bm_can_administrate, or a chat-room moderator. */
function canModerate(req: Req): boolean {
  const t = threadOf(req);
  return (
    req.caller.canAdministrate ||
    (t.type === 'chat-room' && moderatorIds(req.ctx.db, t.id).includes(req.caller.id))
  );
}

const isParticipant = (req: Req, userId: number) =>
  !!req.ctx.db
    .prepare('SELECT 1 FROM recipients WHERE thread_id = ? AND user_id = ?')
    .get(Number(req.path.id), userId);

/** The short bundle moderation routes return: `get_threads([id], false, false)`. */
const shortBundle = (req: Req) => ({ ...bundle(req.ctx, req.caller, [threadOf(req)], []), users: [] });

function removeParticipant(req: Req, userId: number) {
  req.ctx.db
    .prepare('DELETE FROM recipients WHERE thread_id = ? AND user_id = ?')
    .run(Number(req.path.id), userId);
}

function deleteMessageRows(req: Req, ids: number[]) {
  const { db } = req.ctx;
  for (const id of ids) {
    db.prepare('DELETE FROM messages WHERE id = ?').run(id);
    db.prepare('DELETE FROM message_meta WHERE message_id = ?').run(id);
    db.prepare('DELETE FROM attachments WHERE message_id = ?').run(id);
  }
}

function restrictRoute(type: 'ban' | 'mute', on: boolean) {
  return (req: Req) => {
    const userId = intParam(req.params, 'user_id');
    // unbanUser does not require the user to be a participant (a banned user no longer is).
    const needsMember = !(type === 'ban' && !on);
    if (!canModerate(req) || (needsMember && !isParticipant(req, userId))) throw forbidden(req);
    const threadId = Number(req.path.id);
    if (on) {
      // duration is in minutes (the docs say seconds; the code multiplies by 60), minimum 1.
      restrict(req.ctx.db, type, threadId, userId, intParam(req.params, 'duration'), req.caller.id);
      if (type === 'ban') removeParticipant(req, userId);
    } else {
      unrestrict(req.ctx.db, type, threadId, userId);
    }
    return shortBundle(req);
  };
}

const routes: [string, (req: Req) => unknown][] = [
  [
    'deleteMessages',
    (req) => {
      const ids = intArrayParam(req.params, 'messageIds');
      const threadId = Number(req.path.id);
      const deleted: number[] = [];
      for (const id of ids) {
        const m = req.ctx.db
          .prepare('SELECT sender_id FROM messages WHERE id = ? AND thread_id = ?')
          .get(id, threadId) as { sender_id: number } | undefined;
        if (!m) continue;
        const ownAllowed = m.sender_id === req.caller.id && flag(req.ctx.db, 'allowDeleteMessages');
        if (!canModerate(req) && !ownAllowed) continue;
        deleteMessageRows(req, [id]);
        deleted.push(id);
      }
      return { deleted, errors: [] };
    },
  ],
  [
    'clearMessages',
    (req) => {
      if (!req.caller.canAdministrate) throw forbidden(req);
      const threadId = Number(req.path.id);
      const batch = req.ctx.db
        .prepare('SELECT id FROM messages WHERE thread_id = ? ORDER BY id LIMIT 50')
        .all(threadId) as { id: number }[];
      req.ctx.db.transaction(() =>
        deleteMessageRows(
          req,
          batch.map((r) => r.id),
        ),
      )();
      req.ctx.db.prepare('UPDATE recipients SET unread_count = 0 WHERE thread_id = ?').run(threadId);
      return (
        req.ctx.db.prepare('SELECT COUNT(*) AS n FROM messages WHERE thread_id = ?').get(threadId) as {
          n: number;
        }
      ).n;
    },
  ],
  [
    'erase',
    (req) => {
      if (!req.caller.canAdministrate) throw forbidden(req);
      const id = Number(req.path.id);
      const { db } = req.ctx;
      db.transaction(() => {
        const ids = (
          db.prepare('SELECT id FROM messages WHERE thread_id = ?').all(id) as { id: number }[]
        ).map((r) => r.id);
        deleteMessageRows(req, ids);
        for (const table of ['recipients', 'thread_meta', 'moderation'])
          db.prepare(`DELETE FROM ${table} WHERE thread_id = ?`).run(id);
        db.prepare('DELETE FROM chat_rooms WHERE thread_id = ?').run(id);
        db.prepare('DELETE FROM threads WHERE id = ?').run(id);
      })();
      return true;
    },
  ],
  [
    'addParticipant',
    (req) => {
      const ids = intArrayParam(req.params, 'user_id').filter((u) => u < 0 || getUser(req.ctx.db, u));
      const fresh = ids.filter((u) => !isParticipant(req, u));
      if (!req.caller.canAdministrate || fresh.length === 0) throw forbidden(req);
      for (const u of fresh)
        req.ctx.db
          .prepare('INSERT INTO recipients (thread_id, user_id) VALUES (?, ?)')
          .run(Number(req.path.id), u);
      return true;
    },
  ],
  [
    'removeParticipant',
    (req) => {
      const userId = intParam(req.params, 'user_id');
      if (!canModerate(req) || !isParticipant(req, userId)) throw forbidden(req);
      removeParticipant(req, userId);
      return true;
    },
  ],
  ['makeModerator', (req) => setModerator(req, true)],
  ['unmakeModerator', (req) => setModerator(req, false)],
  ['muteUser', restrictRoute('mute', true)],
  ['unmuteUser', restrictRoute('mute', false)],
  ['banUser', restrictRoute('ban', true)],
  ['unbanUser', restrictRoute('ban', false)],
  [
    'changeSubject',
    (req) => {
      if (!req.caller.canAdministrate) throw forbidden(req);
      const subject = filterMessageContent(strParam(req.params, 'subject')).replace(/<[^>]*>/g, '');
      req.ctx.db.prepare('UPDATE threads SET subject = ? WHERE id = ?').run(subject, Number(req.path.id));
      return shortBundle(req);
    },
  ],
];

function setModerator(req: Req, on: boolean) {
  const t = threadOf(req);
  const userId = intParam(req.params, 'user_id');
  const allowed =
    t.type === 'chat-room' ? req.caller.manageOptions : t.type === 'thread' && req.caller.canAdministrate;
  if (!allowed || !participantIds(req.ctx, t.id).includes(userId)) throw forbidden(req);
  const mods = new Set(moderatorIds(req.ctx.db, t.id));
  if (on) mods.add(userId);
  else mods.delete(userId);
  req.ctx.db
    .prepare(
      "INSERT INTO thread_meta (thread_id, key, value) VALUES (?, 'moderators', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
    )
    .run(t.id, JSON.stringify([...mods]));
  return true;
}

export const threadModerationRoutes: RouteDef[] = routes.map(([name, handler]) => ({
  ns: NS,
  path: `/thread/(?P<id>\\d+)/${name}`,
  methods: ['POST'],
  permission: 'thread',
  handler,
}));

import type { Req, RouteDef } from '../http/router';
import { intArrayParam, intParam, strParam, WpError } from '../http/wp';
import { moderatorIds } from '../model/chat-rooms';
import { filterMessageContent } from '../model/messages';
import { restrict, unrestrict } from '../model/moderation';
import { flag } from '../model/settings';
import { bundle, getThread, participantIds, type ThreadRow } from '../model/threads';
import { isThreadSuperModerator, setModerators } from '../model/super-moderator';
import { getUser } from '../model/users';

const NS = 'better-messages/v1';

const forbidden = (req: Req, message = 'Sorry, you are not allowed to do that') =>
  new WpError('rest_forbidden', message, req.caller.loggedIn ? 403 : 401);

const threadOf = (req: Req) => getThread(req.ctx, Number(req.path.id)) as ThreadRow;

/** can_moderate_thread: a super-moderator (admins included), or a chat-room moderator. */
function canModerate(req: Req): boolean {
  const threadId = Number(req.path.id);
  return (
    isThreadSuperModerator(req.ctx, req.caller.id, threadId) ||
    isChatRoomModerator(req, threadId, req.caller.id)
  );
}

/** is_thread_moderator: listed in the `moderators` meta of a chat room. */
function isChatRoomModerator(req: Req, threadId: number, userId: number): boolean {
  const t = req.ctx.db.prepare('SELECT type FROM threads WHERE id = ?').get(threadId) as
    { type: string } | undefined;
  return t?.type === 'chat-room' && moderatorIds(req.ctx.db, threadId).includes(userId);
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
    } else if (!unrestrict(req.ctx.db, type, threadId, userId)) {
      return false;
    }
    return shortBundle(req);
  };
}

const routes: [string, (req: Req) => unknown][] = [
  [
    'deleteMessages',
    (req) => {
      // Like the plugin, each id is judged on its own message's thread, not the one in the URL;
      // an admin is super-moderator everywhere, so every id they send, even a missing one, is
      // answered as deleted.
      const { db } = req.ctx;
      const deleted: number[] = [];
      const errors: string[] = [];
      for (const id of intArrayParam(req.params, 'messageIds').map(Math.abs)) {
        const m = db.prepare('SELECT sender_id, thread_id FROM messages WHERE id = ?').get(id) as
          { sender_id: number; thread_id: number } | undefined;
        const threadId = m?.thread_id ?? 0;
        let canDelete = m !== undefined && m.sender_id === req.caller.id && flag(db, 'allowDeleteMessages');
        if (!canDelete && req.caller.id !== 0) {
          if (isThreadSuperModerator(req.ctx, req.caller.id, threadId)) canDelete = true;
          else if (isChatRoomModerator(req, threadId, req.caller.id)) {
            if (!isThreadSuperModerator(req.ctx, m?.sender_id ?? 0, threadId)) canDelete = true;
            else errors.push('You are not allowed to delete message of super moderator.');
          }
        }
        if (!canDelete) continue;
        if (m) deleteMessageRows(req, [id]);
        deleted.push(id);
      }
      return { deleted, errors };
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
      const raw = req.params.user_id;
      const ids = intArrayParam(req.params, 'user_id').filter((u) => u < 0 || getUser(req.ctx.db, u));
      if (!raw) throw forbidden(req, 'Something went wrong');
      if (!req.caller.canAdministrate) {
        throw forbidden(req, 'Sorry, you are not allowed to add participants to this conversation');
      }
      if (!Array.isArray(raw) && ids.length === 1 && isParticipant(req, ids[0] as number)) {
        throw forbidden(req, 'Sorry, this user already participating in this conversation');
      }
      const fresh = ids.filter((u) => !isParticipant(req, u));
      if (fresh.length === 0) {
        throw forbidden(req, 'All selected users are already participating in this conversation');
      }
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
      const threadId = Number(req.path.id);
      const isSuper = isThreadSuperModerator(req.ctx, req.caller.id, threadId);
      if (!isSuper && !isChatRoomModerator(req, threadId, req.caller.id)) {
        throw forbidden(req, 'Sorry, you are not allowed to remove participants from this conversation');
      }
      if (!isParticipant(req, userId)) {
        throw forbidden(req, 'Sorry, this user is not participant of this conversation');
      }
      if (!isSuper && isThreadSuperModerator(req.ctx, userId, threadId)) {
        throw forbidden(req, 'Sorry, you are not allowed to remove this user from conversation');
      }
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
      if (!isThreadSuperModerator(req.ctx, req.caller.id, Number(req.path.id))) throw forbidden(req);
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
    t.type === 'chat-room'
      ? req.caller.manageOptions
      : t.type === 'thread' && isThreadSuperModerator(req.ctx, req.caller.id, t.id);
  if (!allowed) throw forbidden(req);
  if (!participantIds(req.ctx, t.id).includes(userId)) {
    throw forbidden(
      req,
      `You can not ${on ? 'make' : 'unmake'} user moderator if he is not participant of the conversation`,
    );
  }
  const mods = new Set(moderatorIds(req.ctx.db, t.id));
  if (on) mods.add(userId);
  else mods.delete(userId);
  setModerators(req.ctx.db, t.id, [...mods]);
  return true;
}

export const threadModerationRoutes: RouteDef[] = routes.map(([name, handler]) => ({
  ns: NS,
  path: `/thread/(?P<id>\\d+)/${name}`,
  methods: ['POST'],
  permission: 'thread',
  handler,
}));

import type { Ctx } from '../context';
import type { Req, RouteDef } from '../http/router';
import { intArrayParam, intParam, strParam, WpError } from '../http/wp';
import { filterMessageContent, pendingFilter, type MessageRow } from '../model/messages';
import { isRestricted, requiresModeration } from '../model/moderation';
import { bundle, getThread, latestMessages, type ThreadRow } from '../model/threads';
import { getUser, userItems } from '../model/users';
import { microNow } from '../time';

const NS = 'better-messages/v1';

function markRead(ctx: Ctx, threadId: number, userId: number) {
  ctx.db
    .prepare('UPDATE recipients SET unread_count = 0 WHERE thread_id = ? AND user_id = ?')
    .run(threadId, userId);
}

/** GET/POST /threads: the caller's own threads only, 20 by latest activity, 20 messages each. */
function listThreads(req: Req) {
  const { ctx, caller } = req;
  const exclude = intArrayParam(req.params, 'exclude');
  const pf = pendingFilter(caller);
  const rows = ctx.db
    .prepare(
      `SELECT t.* FROM threads t JOIN recipients r ON r.thread_id = t.id AND r.user_id = ? AND r.is_deleted = 0
       LEFT JOIN (SELECT thread_id, MAX(created_at) AS last FROM messages WHERE 1=1${pf.sql} GROUP BY thread_id) m
         ON m.thread_id = t.id
       WHERE (m.last IS NOT NULL OR t.type IN ('chat-room','group'))
         AND t.id NOT IN (${exclude.map(() => '?').join(',') || '0'})
       ORDER BY r.is_pinned DESC, COALESCE(m.last, 0) DESC LIMIT 20`,
    )
    .all(caller.id, ...pf.args, ...exclude) as ThreadRow[];
  return buildList(req, rows);
}

function buildList(req: Req, rows: ThreadRow[]) {
  const messages = rows.flatMap((t) => latestMessages(req.ctx, t.id, req.caller, 20));
  return bundle(req.ctx, req.caller, rows, messages);
}

/** POST /thread/:id: one thread, its 80 newest messages, and which of `messages` are gone. */
function openThread(req: Req) {
  const { ctx, caller } = req;
  const id = Number(req.path.id);
  const thread = getThread(ctx, id) as ThreadRow;
  markRead(ctx, id, caller.id);
  const out: Record<string, unknown> = bundle(ctx, caller, [thread], latestMessages(ctx, id, caller, 80));
  const known = intArrayParam(req.params, 'messages');
  if (known.length > 0) {
    const pf = pendingFilter(caller);
    const existing = new Set(
      (
        ctx.db
          .prepare(
            `SELECT id FROM messages WHERE thread_id = ?${pf.sql} AND id IN (${known.map(() => '?').join(',')})`,
          )
          .all(id, ...pf.args, ...known) as { id: number }[]
      ).map((r) => r.id),
    );
    const deleted = known.filter((m) => !existing.has(m));
    if (deleted.length > 0) out.deleted_messages = deleted;
  }
  return out;
}

/**
 * Ids inside the gaps of `loaded` (get_missed_message_ids): sorted, split into runs of consecutive
 * ids, and every thread message strictly between one run and the next.
 */
function missedIds(ctx: Ctx, threadId: number, loaded: number[]): number[] {
  const sorted = [...new Set(loaded)].sort((a, b) => a - b);
  const gaps: [number, number][] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1] as number, sorted[i] as number];
    if (next > prev + 1) gaps.push([prev + 1, next - 1]);
  }
  if (gaps.length === 0) return [];
  const where = gaps.map(() => 'id BETWEEN ? AND ?').join(' OR ');
  return (
    ctx.db
      .prepare(`SELECT id FROM messages WHERE thread_id = ? AND (${where})`)
      .all(threadId, ...gaps.flat()) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * POST /thread/:id/loadMore. Like the plugin: the loaded list's gaps, then up to 80 messages with
 * an id at or below the oldest loaded one (that one included; none when nothing was loaded).
 * With `to` the page is by time, strictly older than the oldest loaded; `mode=until` is
 * everything from `to` onwards.
 */
function loadMore(req: Req) {
  const { ctx, caller } = req;
  const id = Number(req.path.id);
  const loaded = intArrayParam(req.params, 'loaded');
  const to = intParam(req.params, 'to');
  const pf = pendingFilter(caller);
  let rows: MessageRow[] = [];
  const missed = missedIds(ctx, id, loaded);
  if (missed.length > 0) {
    rows = ctx.db
      .prepare(
        `SELECT * FROM messages WHERE thread_id = ? AND id IN (${missed.map(() => '?').join(',')})${pf.sql} ORDER BY created_at DESC`,
      )
      .all(id, ...missed, ...pf.args) as MessageRow[];
  }
  const oldest = loaded.length > 0 ? Math.min(...loaded) : 0;
  if (strParam(req.params, 'mode') === 'until') {
    const until = ctx.db
      .prepare('SELECT created_at FROM messages WHERE thread_id = ? AND id = ?')
      .get(id, to) as { created_at: number } | undefined;
    if (!until) throw new WpError('rest_forbidden', 'Message not found in this conversation', 400);
    rows = rows.concat(
      ctx.db
        .prepare(
          `SELECT * FROM messages WHERE thread_id = ? AND created_at >= ?${pf.sql} ORDER BY created_at DESC`,
        )
        .all(id, until.created_at, ...pf.args) as MessageRow[],
    );
  } else if (oldest > 0 && to > 0) {
    const from = ctx.db
      .prepare('SELECT created_at FROM messages WHERE thread_id = ? AND id = ?')
      .get(id, oldest) as { created_at: number } | undefined;
    if (from) {
      rows = rows.concat(
        ctx.db
          .prepare(
            `SELECT * FROM messages WHERE thread_id = ? AND created_at < ?${pf.sql} ORDER BY created_at DESC LIMIT 80`,
          )
          .all(id, from.created_at, ...pf.args) as MessageRow[],
      );
    }
  } else {
    rows = rows.concat(
      ctx.db
        .prepare(
          `SELECT * FROM messages WHERE thread_id = ? AND id <= ?${pf.sql} ORDER BY created_at DESC LIMIT 80`,
        )
        .all(id, oldest, ...pf.args) as MessageRow[],
    );
  }
  const b = bundle(ctx, caller, [], rows);
  return {
    messages: b.messages,
    users: userItems(
      ctx,
      rows.map((m) => m.sender_id),
    ),
  };
}

/** Stores a message the way new_message does: content filtered, pending when moderation applies. */
function storeMessage(
  ctx: Ctx,
  threadId: number,
  senderId: number,
  content: string,
  pending: boolean,
): number {
  const now = microNow();
  const info = ctx.db
    .prepare(
      'INSERT INTO messages (thread_id, sender_id, message, created_at, updated_at, is_pending) VALUES (?,?,?,?,?,?)',
    )
    .run(threadId, senderId, content, now, now, pending ? 1 : 0);
  ctx.db
    .prepare('UPDATE recipients SET unread_count = unread_count + 1 WHERE thread_id = ? AND user_id != ?')
    .run(threadId, senderId);
  return Number(info.lastInsertRowid);
}

function attachFiles(ctx: Ctx, messageId: number, threadId: number, files: number[]) {
  for (const f of files)
    ctx.db
      .prepare('UPDATE attachments SET message_id = ? WHERE id = ? AND thread_id = ?')
      .run(messageId, f, threadId);
}

/** POST /thread/:id/send: refusals are HTTP 200 `{result:false, errors}`; pending goes to meta.isPending. */
function sendMessage(req: Req) {
  const { ctx, caller } = req;
  const id = Number(req.path.id);
  const thread = getThread(ctx, id) as ThreadRow;
  const files = intArrayParam(req.params, 'files');
  let content = filterMessageContent(strParam(req.params, 'message'));
  const errors: Record<string, string> = {};
  if (content === '') {
    if (files.length > 0) content = '<!-- BM-ONLY-FILES -->';
    else errors.empty = 'The message you were trying to send was empty';
  }
  if (thread.type === 'chat-room' && isRestricted(ctx.db, 'mute', id, caller.id)) {
    errors.bm_user_muted = 'You are muted in this conversation';
  }
  if (Object.keys(errors).length > 0) {
    const redirect = Object.keys(errors).length === 1 && errors.empty ? false : 'refresh';
    return { result: false, errors, update: bundle(ctx, caller, [thread], []), redirect };
  }
  const pending = requiresModeration(ctx.db, caller, id);
  const messageId = storeMessage(ctx, id, caller.id, content, pending);
  attachFiles(ctx, messageId, id, files);
  markRead(ctx, id, caller.id);
  const result: Record<string, unknown> = {
    result: true,
    message_id: messageId,
    thread_id: id,
    redirect: false,
  };
  if (!strParam(req.params, 'temp_id') || pending) {
    const msg = ctx.db.prepare('SELECT * FROM messages WHERE id = ?').get(messageId) as MessageRow;
    const b = bundle(ctx, caller, [thread], [msg]);
    result.update = { users: userItems(ctx, [caller.id]), messages: b.messages, threads: b.threads };
  }
  return result;
}

/** POST /thread/new: `{result:true, thread_id, message_id}` or HTTP 200 `{result:false, errors:[]}`. */
function newThread(req: Req) {
  const { ctx, caller } = req;
  const recipients = [...new Set(intArrayParam(req.params, 'recipients'))].filter((r) => r !== caller.id);
  const errors: string[] = [];
  if (recipients.length === 0 || recipients.some((r) => r > 0 && !getUser(ctx.db, r)))
    errors.push('Please select recipient');
  const content = filterMessageContent(strParam(req.params, 'message'));
  if (content === '') errors.push('Your message was empty');
  if (errors.length > 0) return { result: false, errors };
  const subject = filterMessageContent(strParam(req.params, 'subject'));
  const threadId = Number(
    ctx.db.prepare("INSERT INTO threads (subject, type) VALUES (?, 'thread')").run(subject).lastInsertRowid,
  );
  // Recipients first, the sender last: the plugin's insert order, which decides the admin viewer's
  // `receiver` once the sender has left a two-member thread.
  for (const uid of [...recipients, caller.id]) {
    ctx.db.prepare('INSERT INTO recipients (thread_id, user_id) VALUES (?, ?)').run(threadId, uid);
  }
  const messageId = storeMessage(
    ctx,
    threadId,
    caller.id,
    content,
    requiresModeration(ctx.db, caller, threadId, true),
  );
  attachFiles(ctx, messageId, threadId, intArrayParam(req.params, 'files'));
  return { result: true, thread_id: threadId, message_id: messageId };
}

export const threadRoutes: RouteDef[] = [
  { ns: NS, path: '/threads', methods: ['GET', 'POST'], permission: 'user', handler: listThreads },
  { ns: NS, path: '/thread/new', methods: ['POST'], permission: 'user', handler: newThread },
  { ns: NS, path: '/thread/(?P<id>\\d+)', methods: ['POST'], permission: 'thread', handler: openThread },
  {
    ns: NS,
    path: '/thread/(?P<id>\\d+)/loadMore',
    methods: ['POST'],
    permission: 'thread',
    handler: loadMore,
  },
  {
    ns: NS,
    path: '/thread/(?P<id>\\d+)/send',
    methods: ['POST'],
    // can_reply: participation, not the admin capability (an admin cannot post into others' threads).
    permission: (req) => {
      if (req.caller.guestError) return req.caller.guestError;
      if (req.caller.id === 0) return false;
      const member = req.ctx.db
        .prepare('SELECT 1 FROM recipients WHERE thread_id = ? AND user_id = ?')
        .get(Number(req.path.id), req.caller.id);
      if (member) return true;
      // get_threads() lists only threads the caller may see, and always the caller's own user.
      return new WpError(
        'rest_forbidden',
        'Sorry, you are not allowed to reply into this conversation',
        req.caller.loggedIn ? 403 : 401,
        {
          update: {
            threads: [],
            users: userItems(req.ctx, [req.caller.id]),
            messages: [],
            serverTime: microNow(),
          },
        },
      );
    },
    handler: sendMessage,
  },
];

import type { Ctx } from '../context';
import type { Req, RouteDef } from '../http/router';
import { has, intArrayParam, intParam, strParam, WpError, type Params } from '../http/wp';
import { attachmentUrl, messageAttachments, messageMeta, type MessageRow } from '../model/messages';
import { isListed, isThreadListed } from '../model/moderation';
import { participantIds } from '../model/threads';
import { userItem } from '../model/users';
import { localString, microNow, microToMs } from '../time';
import { REPORT_REASONS } from './reports';

const NS = 'better-messages/v1/admin';
const PER_PAGE = 20;
const BASE = "created_at > 0 AND message != '<!-- BBPM START THREAD -->'";

interface Filters {
  sql: string;
  args: (string | number)[];
}

function filters(params: Params): Filters {
  let sql = '';
  const args: (string | number)[] = [];
  const sender = has(params, 'sender_id') ? intParam(params, 'sender_id') : 0;
  const thread = has(params, 'thread_id') ? intParam(params, 'thread_id') : 0;
  // sanitize_text_field strips tags and trims before the LIKE.
  const search = strParam(params, 'search')
    .replace(/<[^>]*>/g, '')
    .trim();
  const add = (clause: string, arg: string | number) => {
    sql += clause;
    args.push(arg);
  };
  if (sender) add(' AND sender_id = ?', sender);
  if (search) add(" AND message LIKE ? ESCAPE '\\'", `%${search.replace(/[\\%_]/g, '\\$&')}%`);
  if (thread) add(' AND thread_id = ?', thread);
  return { sql, args };
}

/** Reported = has user reports or an AI flag; AI-flagged pending messages stay in the pending tab. */
const REPORTED = `(id IN (SELECT message_id FROM message_meta WHERE key = 'user_reports')
  OR (is_pending = 0 AND id IN (SELECT message_id FROM message_meta WHERE key = 'ai_moderation_flagged' AND value = '1')))`;

function count(ctx: Ctx, where: string, args: (string | number)[] = []): number {
  return (
    ctx.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE ${BASE} AND ${where}`).get(...args) as {
      n: number;
    }
  ).n;
}

function adminItem(ctx: Ctx, m: MessageRow) {
  const meta = messageMeta(ctx.db, m.id);
  let content = m.message;
  const files = messageAttachments(ctx.db, m.id);
  if (files.length > 0) {
    const links = files.map(
      (a) => `<li><a target="_blank" href="${attachmentUrl(ctx, a)}">${attachmentUrl(ctx, a)}</a></li>`,
    );
    content += `<div>This message contains ${files.length} attachment(s):<ul>${links.join('')}</ul></div>`;
  }
  const participants = participantIds(ctx, m.thread_id);
  const item: Record<string, unknown> = {
    id: String(m.id),
    sender:
      m.sender_id === 0
        ? {
            id: '0',
            user_id: 0,
            name: 'System',
            avatar: `${ctx.url}/wp-content/plugins/bp-better-messages/assets/images/avatar.png`,
            url: false,
          }
        : userItem(ctx, m.sender_id),
    thread_id: String(m.thread_id),
    message: content,
    time: localString(microToMs(m.created_at)),
    view_link: `#/conversation/${m.thread_id}?&scrollToContainer`,
    participants: participants.length,
  };
  if (participants.length === 2) {
    const other = participants.find((p) => p !== m.sender_id);
    if (other !== undefined) item.receiver = userItem(ctx, other);
  }
  if (meta.user_reports) {
    const reports = JSON.parse(meta.user_reports) as Record<string, { category: string }>;
    for (const [reporter, r] of Object.entries(reports)) {
      Object.assign(r, {
        user: userItem(ctx, Number(reporter)),
        category: REPORT_REASONS[r.category] ?? r.category,
      });
    }
    if (Object.keys(reports).length > 0) item.reports = reports;
  }
  if (m.is_pending) item.is_pending = true;
  if (m.sender_id !== 0) {
    item.sender_whitelisted = isListed(ctx.db, 'whitelist', m.sender_id);
    item.sender_blacklisted = isListed(ctx.db, 'blacklist', m.sender_id);
    item.sender_thread_whitelisted = isThreadListed(ctx.db, 'whitelist', m.sender_id, m.thread_id);
    item.sender_thread_blacklisted = isThreadListed(ctx.db, 'blacklist', m.sender_id, m.thread_id);
  }
  if (meta.ai_moderation_flagged === '1') {
    const result = JSON.parse(meta.ai_moderation_result ?? '{}') as {
      category_scores?: object;
      reason?: string;
    };
    item.ai_moderation_flagged = true;
    item.ai_moderation_categories = JSON.parse(meta.ai_moderation_categories ?? '[]');
    item.ai_moderation_scores = result.category_scores ?? [];
    if (meta.ai_moderation_provider) item.ai_moderation_provider = meta.ai_moderation_provider;
    if (result.reason) item.ai_moderation_reason = result.reason;
  }
  return item;
}

/** GET /admin/getMessages: the Messages Viewer. */
function getMessages(req: Req) {
  const { ctx, params } = req;
  const page = has(params, 'page') ? intParam(params, 'page') : 1;
  const offset = page > 1 ? (page - 1) * PER_PAGE : 0;
  const f = filters(params);
  const ids = has(params, 'message_ids') ? intArrayParam(params, 'message_ids') : [];
  let total = count(ctx, `1=1${f.sql}`, f.args);
  let rows: MessageRow[];
  if (ids.length > 0) {
    // Every listed id that exists, in primary-key order, no page limit, other filters ignored (as observed).
    rows = ctx.db
      .prepare(`SELECT * FROM messages WHERE ${BASE} AND id IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(JSON.stringify(ids)) as MessageRow[];
  } else {
    let where = '1=1';
    if (intParam(params, 'reported') === 1) where = REPORTED;
    else if (intParam(params, 'pending') === 1) where = 'is_pending = 1';
    if (where !== '1=1') total = count(ctx, `${where}${f.sql}`, f.args);
    rows = ctx.db
      .prepare(
        `SELECT * FROM messages WHERE ${BASE} AND ${where}${f.sql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...f.args, PER_PAGE, offset) as MessageRow[];
  }
  return {
    total,
    page,
    perPage: PER_PAGE,
    pages: Math.ceil(total / PER_PAGE),
    messages: rows.map((m) => adminItem(ctx, m)),
    reported: count(ctx, REPORTED),
    pending: count(ctx, 'is_pending = 1'),
  };
}

export function deleteMessagesHard(ctx: Ctx, ids: number[]): void {
  ctx.db.transaction(() => {
    for (const id of ids) {
      ctx.db.prepare('DELETE FROM messages WHERE id = ?').run(id);
      ctx.db.prepare('DELETE FROM message_meta WHERE message_id = ?').run(id);
      ctx.db.prepare('DELETE FROM attachments WHERE message_id = ?').run(id);
    }
  })();
}

/** approve_message: clears the flag, re-stamps created_at to now, keeps the original time. */
export function approve(ctx: Ctx, id: number, approver: number): boolean {
  const m = ctx.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
  if (!m || !m.is_pending) return false;
  const now = microNow();
  ctx.db
    .prepare('UPDATE messages SET is_pending = 0, created_at = ?, updated_at = ? WHERE id = ?')
    .run(now, now, id);
  const put = ctx.db.prepare('INSERT OR REPLACE INTO message_meta (message_id, key, value) VALUES (?, ?, ?)');
  put.run(id, 'original_sent_time', String(m.created_at));
  put.run(id, 'approver_user_id', String(approver));
  ctx.db.prepare("DELETE FROM message_meta WHERE message_id = ? AND key LIKE 'ai_moderation_%'").run(id);
  return true;
}

export const adminMessageRoutes: RouteDef[] = [
  { ns: NS, path: '/getMessages', methods: ['GET'], permission: 'admin', handler: getMessages },
  {
    ns: NS,
    path: '/approveMessage',
    methods: ['POST'],
    permission: 'admin',
    handler: (req) => {
      const id = intParam(req.params, 'messageId');
      if (!req.ctx.db.prepare('SELECT 1 FROM messages WHERE id = ?').get(id))
        throw new WpError('message_not_found', 'Message not found', 404);
      approve(req.ctx, id, req.caller.id);
      // The real plugin answered true for an already-approved message too.
      return true;
    },
  },
  {
    ns: NS,
    path: '/deleteMessages',
    methods: ['POST'],
    permission: 'admin',
    handler: (req) => {
      const raw = req.params.messageIds;
      if (!Array.isArray(raw) && (typeof raw !== 'object' || raw === null)) return false;
      deleteMessagesHard(req.ctx, intArrayParam(req.params, 'messageIds'));
      return true;
    },
  },
  {
    ns: NS,
    path: '/dismissAiFlag',
    methods: ['POST'],
    permission: 'admin',
    handler: (req) => {
      const id = intParam(req.params, 'messageId');
      if (!id) throw new WpError('invalid_message', 'Invalid message ID', 400);
      req.ctx.db
        .prepare(
          "DELETE FROM message_meta WHERE message_id = ? AND key IN ('ai_moderation_flagged','ai_moderation_categories','ai_moderation_result','ai_moderation_provider')",
        )
        .run(id);
      return { success: true, reported: count(req.ctx, REPORTED) };
    },
  },
];

import type { Req, RouteDef } from '../http/router';
import { intParam, strParam, WpError } from '../http/wp';
import type { MessageRow } from '../model/messages';
import { localString } from '../time';

const NS = 'better-messages/v1';

export const REPORT_REASONS: Record<string, string> = {
  inappropriate: 'Inappropriate',
  spam: 'Spam',
  harassment: 'Harassment',
  offensive: 'Offensive',
  other: 'Other',
};

type Reports = Record<string, { category: string; description: string; time: string }>;

function readReports(req: Req, messageId: number): Reports | undefined {
  const row = req.ctx.db
    .prepare("SELECT value FROM message_meta WHERE message_id = ? AND key = 'user_reports'")
    .get(messageId) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Reports) : undefined;
}

function writeReports(req: Req, messageId: number, reports: Reports) {
  const { db } = req.ctx;
  if (Object.keys(reports).length === 0) {
    db.prepare("DELETE FROM message_meta WHERE message_id = ? AND key = 'user_reports'").run(messageId);
  } else {
    db.prepare(
      "INSERT INTO message_meta (message_id, key, value) VALUES (?, 'user_reports', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
    ).run(messageId, JSON.stringify(reports));
  }
}

// Error order and codes as observed on the real plugin: all 400 except a missing message (404).
function reportMessage(req: Req) {
  const messageId = intParam(req.params, 'message_id');
  const threadId = intParam(req.params, 'thread_id');
  if (!messageId) throw new WpError('no_message_id', 'No message id provided', 400);
  if (!threadId) throw new WpError('no_thread_id', 'No thread id provided', 400);
  const m = req.ctx.db
    .prepare('SELECT * FROM messages WHERE id = ? AND thread_id = ?')
    .get(messageId, threadId) as MessageRow | undefined;
  if (!m) throw new WpError('message_not_found', 'Message not found', 404);
  if (m.sender_id === req.caller.id)
    throw new WpError('cannot_report_own_message', 'Cannot report own message', 400);
  const category = strParam(req.params, 'category');
  if (!(category in REPORT_REASONS)) throw new WpError('invalid_category', 'Invalid category', 400);
  const reports = readReports(req, messageId) ?? {};
  if (reports[String(req.caller.id)])
    throw new WpError('already_reported', 'You already reported this message', 400);
  const description = strParam(req.params, 'description').trim();
  if (description.length > 500) throw new WpError('description_too_long', 'Description is too long', 400);
  reports[String(req.caller.id)] = { category, description, time: localString(Date.now()) };
  writeReports(req, messageId, reports);
  return 'Message reported';
}

function getReasons(req: Req) {
  const messageId = intParam(req.params, 'message_id');
  if (messageId && readReports(req, messageId)?.[String(req.caller.id)]) {
    throw new WpError('already_reported', 'You already reported this message', 400);
  }
  return REPORT_REASONS;
}

function deleteReport(req: Req) {
  const messageId = intParam(req.params, 'messageId');
  const userId = intParam(req.params, 'userId');
  if (!messageId) throw new WpError('no_message_id', 'No message id provided', 400);
  if (!userId) throw new WpError('no_user_id', 'No user id provided', 400);
  const reports = readReports(req, messageId);
  if (!reports?.[String(userId)]) throw new WpError('no_report', 'No report found', 400);
  delete reports[String(userId)];
  writeReports(req, messageId, reports);
  return 'Report deleted';
}

const on = (s: Record<string, unknown>) => s.allowReports === '1' && s.messagesViewer === '1';

export const reportRoutes: RouteDef[] = [
  {
    ns: NS,
    path: '/reports/reportMessage',
    methods: ['POST'],
    permission: 'user',
    handler: reportMessage,
    enabled: on,
    group: 'reports',
  },
  {
    ns: NS,
    path: '/reports/getReasons',
    methods: ['GET'],
    permission: 'user',
    handler: getReasons,
    enabled: on,
    group: 'reports',
  },
  {
    ns: NS,
    path: '/reports/deleteReport',
    methods: ['POST'],
    permission: 'admin',
    handler: deleteReport,
    enabled: on,
    group: 'reports',
  },
];

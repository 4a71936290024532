import type { Ctx } from '../context';
import { blobByKey, kindOfMime, type BlobKind } from '../files/blobs';
import type { Req, RouteDef } from '../http/router';
import { has, intParam, RawResponse, strParam, WpError } from '../http/wp';
import { attachmentThumb, attachmentUrl, type AttachmentRow } from '../model/messages';
import { gmtString } from '../time';

const NS = 'better-messages/v1';
const TYPES: Record<string, BlobKind> = { photos: 'photo', videos: 'video', audio: 'audio', files: 'file' };

/** GET /thread/:id/attachments: per thread, paged, grouped by kind; counts only on page 1 without type. */
function listAttachments(req: Req) {
  const { ctx } = req;
  const threadId = Number(req.path.id);
  const page = has(req.params, 'page') ? intParam(req.params, 'page') : 1;
  const perPage = has(req.params, 'per_page') ? intParam(req.params, 'per_page') : 20;
  if (page < 1)
    throw new WpError('rest_invalid_param', 'Invalid parameter(s): page', 400, {
      params: { page: 'page must be greater than or equal to 1' },
    });
  if (perPage < 1 || perPage > 100) {
    throw new WpError('rest_invalid_param', 'Invalid parameter(s): per_page', 400, {
      params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
    });
  }
  // Like the plugin, files still waiting for their message are listed too (messageId 0).
  const all = ctx.db
    .prepare('SELECT * FROM attachments WHERE thread_id = ? ORDER BY id DESC')
    .all(threadId) as AttachmentRow[];
  const counts = { photos: 0, videos: 0, audio: 0, files: 0 };
  for (const a of all) {
    const k = kindOfMime(a.mime);
    counts[k === 'photo' ? 'photos' : k === 'video' ? 'videos' : k === 'audio' ? 'audio' : 'files']++;
  }
  // Page 1 without a type picks the first non-empty one ('' when the thread has no files); any
  // other type, even an unknown one, filters only when it names a kind.
  let type = strParam(req.params, 'type');
  const withCounts = page === 1 && type === '';
  if (withCounts) type = (Object.keys(counts) as (keyof typeof counts)[]).find((k) => counts[k] > 0) ?? '';
  const kind = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  const ofType = kind ? all.filter((a) => kindOfMime(a.mime) === kind) : all;
  const slice = ofType.slice((page - 1) * perPage, page * perPage);
  const out: Record<string, unknown> = {
    files: slice.map((a) => {
      const url = attachmentUrl(ctx, a);
      return {
        id: a.id,
        url,
        thumb: attachmentThumb(ctx, a),
        mimeType: a.mime,
        name: a.name,
        size: a.size,
        ext: a.ext,
        date: a.date,
        messageId: a.message_id,
      };
    }),
    hasMore: ofType.length > page * perPage,
    page,
  };
  if (withCounts) {
    out.counts = counts;
    out.activeType = type;
  }
  return out;
}

/** POST /thread/:id/upload (multipart `file`): the plugin's odd success body `{result:false, error:'', id}`. */
function upload(req: Req) {
  const { ctx } = req;
  const file = req.files.find((f) => f.field === 'file');
  if (!file || file.data.length === 0) throw new WpError('rest_forbidden', 'Upload failed', 403);
  const threadId = Number(req.path.id);
  const now = new Date();
  const ym = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  // WordPress never reuses a post id: count the uploads whose message was deleted since, too.
  const maxId = ctx.db
    .prepare(
      `SELECT MAX(m) AS m FROM (SELECT MAX(id) AS m FROM attachments UNION ALL
       SELECT MAX(CAST(substr(key, 8) AS INTEGER)) FROM options WHERE key LIKE 'upload:%')`,
    )
    .get() as { m: number | null };
  const id = Math.max(maxId.m ?? 0, 999) + 1;
  const name = file.name.replace(/[^\w.\-]+/g, '-') || 'file';
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  ctx.db
    .prepare(
      `INSERT INTO attachments (id, message_id, thread_id, uploader_id, blob, name, mime, ext, size, dir, date)
       VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      threadId,
      req.caller.id,
      `upload:${id}`,
      name,
      file.type || 'application/octet-stream',
      ext,
      file.data.length,
      `${ym}/${threadId}/${crypto.randomUUID()}`,
      gmtString(Date.now()),
    );
  ctx.db
    .prepare('INSERT INTO options (key, value) VALUES (?, ?)')
    .run(`upload:${id}`, file.data.toString('base64'));
  return { result: false, error: '', id };
}

/** Serves `/wp-content/uploads/bp-better-messages/...` like a web server would: by path, no auth. */
export function serveUpload(ctx: Ctx, pathname: string): RawResponse | null {
  const m = /^\/wp-content\/uploads\/bp-better-messages\/(\d{4}\/\d{2}\/\d+\/[0-9a-f-]+)\/([^/]+)$/.exec(
    pathname,
  );
  if (!m) return null;
  const a = ctx.db.prepare('SELECT * FROM attachments WHERE dir = ?').get(m[1]) as AttachmentRow | undefined;
  if (!a || encodeURIComponent(a.name) !== m[2]) return null;
  let bytes: Buffer | undefined = blobByKey(a.blob)?.bytes;
  if (!bytes && a.blob.startsWith('upload:')) {
    const row = ctx.db.prepare('SELECT value FROM options WHERE key = ?').get(a.blob) as
      { value: string } | undefined;
    if (row) bytes = Buffer.from(row.value, 'base64');
  }
  if (!bytes) return null;
  return new RawResponse(
    200,
    { 'Content-Type': a.mime, 'Last-Modified': new Date(a.date + 'Z').toUTCString() },
    bytes,
  );
}

export const attachmentRoutes: RouteDef[] = [
  {
    ns: NS,
    path: '/thread/(?P<id>\\d+)/attachments',
    methods: ['GET'],
    permission: 'thread',
    handler: listAttachments,
  },
  {
    ns: NS,
    path: '/thread/(?P<id>\\d+)/upload',
    methods: ['POST'],
    permission: 'thread',
    handler: upload,
    enabled: (s) => s.attachmentsEnable === '1',
    group: 'upload',
  },
];

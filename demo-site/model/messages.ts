import type { Ctx } from '../context';
import type { Db } from '../db';
import type { Caller } from '../http/auth';

export interface MessageRow {
  id: number;
  thread_id: number;
  sender_id: number;
  message: string;
  created_at: number;
  updated_at: number;
  temp_id: string;
  is_pending: number;
}

export interface AttachmentRow {
  id: number;
  message_id: number;
  thread_id: number;
  uploader_id: number;
  blob: string;
  name: string;
  mime: string;
  ext: string;
  size: number;
  dir: string;
  date: string;
}

export function attachmentUrl(ctx: Ctx, a: AttachmentRow): string {
  return `${ctx.url}/wp-content/uploads/bp-better-messages/${a.dir}/${encodeURIComponent(a.name)}`;
}

/**
 * wp_get_attachment_image_url(): a URL for images (the plugin turns intermediate sizes off, so it
 * is the file itself), `false` for every other file.
 */
export function attachmentThumb(ctx: Ctx, a: AttachmentRow): string | false {
  return a.mime.startsWith('image/') ? attachmentUrl(ctx, a) : false;
}

export function messageMeta(db: Db, id: number): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM message_meta WHERE message_id = ?').all(id) as {
    key: string;
    value: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function messageAttachments(db: Db, id: number): AttachmentRow[] {
  return db.prepare('SELECT * FROM attachments WHERE message_id = ? ORDER BY id').all(id) as AttachmentRow[];
}

/** Message item of thread bundles; key order as the plugin emits it. */
export function messageItem(ctx: Ctx, m: MessageRow) {
  const raw = messageMeta(ctx.db, m.id);
  const meta: Record<string, unknown> = {};
  if (m.is_pending) meta.isPending = true;
  // The reactions add-on always adds the key; an empty PHP array serialises as [].
  meta.reactions = raw.reactions ? JSON.parse(raw.reactions) : [];
  const files = messageAttachments(ctx.db, m.id);
  if (files.length > 0) {
    meta.files = files.map((a) => {
      const url = attachmentUrl(ctx, a);
      return {
        id: a.id,
        thumb: attachmentThumb(ctx, a),
        url,
        mimeType: a.mime,
        name: a.name,
        size: a.size,
        ext: a.ext,
      };
    });
  }
  if (raw.replyTo) meta.replyTo = Number(raw.replyTo);
  return {
    thread_id: m.thread_id,
    sender_id: m.sender_id,
    message: m.message,
    created_at: m.created_at,
    updated_at: m.updated_at,
    temp_id: m.temp_id,
    message_id: m.id,
    meta,
    favorited: 0,
  };
}

/** Pending messages are visible only to their sender and to bm_can_administrate users. */
export function pendingFilter(caller: Caller): { sql: string; args: number[] } {
  return caller.canAdministrate
    ? { sql: '', args: [] }
    : { sql: ' AND (is_pending != 1 OR sender_id = ?)', args: [caller.id] };
}

const ALLOWED_KEEP = ['p', 'b', 'i', 'u', 'strong', 'br', 'strike', 'sub', 'sup', 'span'];
const ALLOWED_SHOW = ['p', 'b', 'i', 'u', 'strong', 'br', 'strike', 'sub', 'sup'];

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

const PHP_SPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);

/**
 * PHP's strip_tags with allowed tags, as the plugin calls it: a `<` starts a tag unless an ASCII
 * space follows it (so `<3`, `a<b` and `<` + an invisible character all start one); the tag runs
 * to its matching `>` (nested `<` and quotes counted) or, unclosed, to the end of the text, and
 * is kept only when its name is allowed.
 */
function stripTags(input: string, allowed: string[]): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c !== '<' || PHP_SPACE.has(input[i + 1] ?? '')) {
      out += c;
      i++;
      continue;
    }
    let depth = 1;
    let quote = '';
    let j = i + 1;
    for (; j < input.length; j++) {
      const d = input[j]!;
      if (quote) {
        if (d === quote) quote = '';
      } else if (d === '"' || d === "'") quote = d;
      else if (d === '<') depth++;
      else if (d === '>' && --depth === 0) break;
    }
    if (j >= input.length) break;
    const tag = input.slice(i, j + 1);
    const name = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(tag)?.[1]?.toLowerCase();
    if (name && allowed.includes(name)) out += tag;
    i = j + 1;
  }
  return out;
}

/**
 * What the plugin's filter_message_content does on send: drop <script>/<style> with their content,
 * strip every tag but a few (PHP's strip_tags: see above), escape the rest, then un-escape only
 * bare formatting tags. So `<b>` is kept, `<b onclick=..>` comes back escaped, `<img>` and `<a>`
 * vanish (their text stays), and so does `<3`.
 */
export function filterMessageContent(input: string): string {
  let s = input.replace(/<br\s*\/>/g, '<br>');
  s = s.replace(/<(script|style)[^>]*?>[\s\S]*?<\/\1>/gi, '');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = stripTags(s, ALLOWED_KEEP);
  s = s.trim();
  if (s.startsWith('<p>')) s = s.slice(3);
  if (s.endsWith('</p>')) s = s.slice(0, -4);
  s = s.replace(/ style=""/g, '');
  s = escapeHtml(s.replace(/<br>/g, '\n'));
  for (const tag of ALLOWED_SHOW)
    s = s.replaceAll(`&lt;${tag}&gt;`, `<${tag}>`).replaceAll(`&lt;/${tag}&gt;`, `</${tag}>`);
  return s.replace(/&nbsp;|&amp;nbsp;/g, ' ').trim();
}

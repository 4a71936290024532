import type { BmMessage, BmUser } from '@/lib/infra/better-messages';
import { htmlToPlainText, sanitizeMessageHtml } from '@/lib/infra/content/sanitize';
import type { IndexedReport } from '@/lib/services/site-index/schema';

export type TimelineMessage = {
  id: number;
  senderId: number;
  senderName: string;
  senderIsGuest: boolean;
  createdAt: string;
  editedAt: string | null;
  /** Sanitized on the server: the only form of a message body that reaches a browser. */
  html: string;
  system: boolean;
  deleted: boolean;
  pending: boolean;
  replyTo: number | null;
  reactions: { emoji: string; count: number }[];
  files: {
    id: number;
    name: string;
    mimeType: string;
    size: number | null;
    /** The removed image this picture matches ("matches removed image #N"), if any. */
    matchesRemovedId: number | null;
  }[];
  reports: IndexedReport[];
};

// Plugin markers for bodies that are not user text.
const SYSTEM_MARKER = /^<!--\s*BM-SYSTEM-MESSAGE/;
const DELETED_MARKER = '<!-- BM-DELETED-MESSAGE -->';
const FILES_ONLY_MARKER = '<!-- BM-ONLY-FILES -->';

function emoji(code: string): string {
  const points = code.split('-').map((h) => parseInt(h, 16));
  return points.every((p) => Number.isFinite(p) && p > 0 && p <= 0x10ffff)
    ? String.fromCodePoint(...points)
    : code;
}

/**
 * One message as the thread view shows it; reports come from the index (the thread route has
 * none), and the removed images its files match from the stored hashes, by attachment id.
 */
export function toTimelineMessage(
  message: BmMessage,
  users: Map<number, BmUser>,
  reports: Map<number, IndexedReport[]>,
  matches: Map<number, number> = new Map(),
): TimelineMessage {
  const meta = (message.meta ?? {}) as NonNullable<BmMessage['meta']> & { reactions?: unknown };
  const sender = users.get(message.sender_id);
  const raw = message.message.trim();
  const system = message.sender_id === 0 || SYSTEM_MARKER.test(raw) || Boolean(meta.systemType);
  const reactionMap =
    meta.reactions && typeof meta.reactions === 'object' && !Array.isArray(meta.reactions)
      ? (meta.reactions as Record<string, unknown>)
      : {};
  return {
    id: message.message_id,
    senderId: message.sender_id,
    senderName: system ? 'System' : (sender?.name ?? `User #${message.sender_id}`),
    senderIsGuest: message.sender_id < 0,
    createdAt: message.created_at.toISOString(),
    editedAt: meta.lastEdit ? meta.lastEdit.toISOString() : null,
    html:
      raw === FILES_ONLY_MARKER
        ? ''
        : system
          ? // Escaped text through the sanitizer, which only shows the hidden characters in it as markers.
            sanitizeMessageHtml(
              escapeText(
                htmlToPlainText(raw.replace(/<!--[\s\S]*?-->/g, ' ')) ||
                  (meta.systemType ?? 'system message'),
              ),
            )
          : sanitizeMessageHtml(raw),
    system,
    deleted: raw === DELETED_MARKER,
    pending: Boolean(meta.isPending),
    replyTo: meta.replyTo ?? null,
    reactions: Object.entries(reactionMap)
      .map(([code, ids]) => ({ emoji: emoji(code), count: Array.isArray(ids) ? ids.length : 0 }))
      .filter((r) => r.count > 0),
    files: (meta.files ?? []).map((f) => ({
      id: f.id,
      name: f.name ?? `file-${f.id}`,
      mimeType: f.mimeType ?? 'application/octet-stream',
      size: f.size ?? null,
      matchesRemovedId: matches.get(f.id) ?? null,
    })),
    reports: reports.get(message.message_id) ?? [],
  };
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

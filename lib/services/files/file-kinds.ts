/**
 * What BM Desk may show of a file sent on a site, shared by the safe file route (which headers
 * it sends) and the previews (which element they use). Plain module: no zod, no db, so the
 * browser bundle can carry it.
 *
 * Only raster images, video and audio are ever shown inline; SVG and HTML can carry scripts and
 * are always downloads, whatever type the site claims.
 */

export type PreviewKind = 'image' | 'video' | 'audio' | 'file';

const INLINE: Record<Exclude<PreviewKind, 'file'>, readonly string[]> = {
  image: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'],
  video: ['video/mp4', 'video/webm', 'video/ogg', 'video/quicktime'],
  audio: ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/ogg', 'audio/wav', 'audio/webm', 'audio/flac'],
};

/** Aliases sites send, mapped to the one type browsers know. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/x-flac': 'audio/flac',
};

/** Extensions that are documents a browser would run scripts in, whatever the claimed type. */
const ACTIVE_EXTS = new Set([
  'svg',
  'svgz',
  'html',
  'htm',
  'xhtml',
  'xht',
  'xml',
  'xsl',
  'shtml',
  'mht',
  'mhtml',
]);

/** `Image/PNG; charset=x` → `image/png`, with aliases resolved; '' when there is none. */
export function normaliseMime(mime: string | null | undefined): string {
  const bare = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

export function previewKind(mime: string | null | undefined, ext?: string | null): PreviewKind {
  if (ext && ACTIVE_EXTS.has(ext.toLowerCase().replace(/^\./, ''))) return 'file';
  const type = normaliseMime(mime);
  for (const kind of ['image', 'video', 'audio'] as const) {
    if (INLINE[kind].includes(type)) return kind;
  }
  return 'file';
}

/** The safe route for one file: `thumb` for grid thumbnails, `download` forces a download. */
export function fileUrl(
  siteSlug: string,
  attachmentId: number,
  options: { thumb?: boolean; download?: boolean; threadId?: number } = {},
): string {
  const q = new URLSearchParams();
  if (options.thumb) q.set('thumb', '1');
  if (options.download) q.set('download', '1');
  if (options.threadId !== undefined) q.set('thread', String(options.threadId));
  const qs = q.toString();
  return `/${encodeURIComponent(siteSlug)}/files/${attachmentId}${qs ? `?${qs}` : ''}`;
}

export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  if (bytes >= 1_048_576) return `${(bytes / 1_048_576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

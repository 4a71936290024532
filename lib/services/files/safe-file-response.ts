/**
 * The headers BM Desk serves a stranger's file with, from its own origin. A file is inline only
 * when it is a raster image, video or audio by its declared type, by the type the site served it
 * with and, for images, by its first bytes; everything else (SVG and HTML above all) is an
 * `application/octet-stream` download. The sandboxing CSP and `nosniff` hold either way, so even
 * a file opened directly in a tab runs no script with the dashboard's cookies.
 */
import { revealHiddenText } from '@/lib/infra/content/hidden-characters';
import { normaliseMime, previewKind } from './file-kinds';

export const FILE_CSP =
  "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";

export interface FileFacts {
  /** File name as the site gave it (a stranger's text). */
  name: string | null;
  /** The type the site's attachment list declares. */
  mime: string | null;
  ext: string | null;
  /** The Content-Type the site served the bytes with. */
  servedType: string;
  bytes: Buffer;
  /** The moderator asked to download, not to view. */
  download: boolean;
}

function startsWith(bytes: Buffer, signature: number[], at = 0) {
  return signature.every((b, i) => bytes[at + i] === b);
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The bytes look like the raster image type they claim (a renamed HTML page does not). */
function looksLikeImage(type: string, bytes: Buffer): boolean {
  switch (type) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'image/gif':
      return startsWith(bytes, ascii('GIF8'));
    case 'image/webp':
      return startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
    case 'image/bmp':
      return startsWith(bytes, ascii('BM'));
    case 'image/avif':
      return (
        startsWith(bytes, ascii('ftyp'), 4) && /^avi[fs]$/.test(bytes.subarray(8, 12).toString('latin1'))
      );
    default:
      return false;
  }
}

/** The type and disposition a file is served with. */
export function chooseDisposition(f: Omit<FileFacts, 'name'>): { type: string; inline: boolean } {
  const declared = normaliseMime(f.mime);
  const kind = previewKind(declared, f.ext);
  const served = normaliseMime(f.servedType);
  const servedAgrees =
    served === '' || served === 'application/octet-stream' || previewKind(served, f.ext) === kind;
  const inline =
    !f.download && kind !== 'file' && servedAgrees && (kind !== 'image' || looksLikeImage(declared, f.bytes));
  return inline ? { type: declared, inline } : { type: 'application/octet-stream', inline: false };
}

/**
 * A name safe inside the header: no quotes, slashes or control characters; ASCII fallback plus UTF-8.
 * Hidden characters become visible markers, so `invoice\u202Egnp.html` is not saved as what reads
 * like a PNG.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string | null): string {
  const clean =
    revealHiddenText(name)
      .replace(/[\u0000-\u001f\u007f"\\/]+/g, '_')
      .trim()
      .slice(0, 150) || 'file';
  const fallback = clean.replace(/[^\x20-\x7e]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

export function safeFileResponse(f: FileFacts): Response {
  const { type, inline } = chooseDisposition(f);
  return new Response(new Uint8Array(f.bytes), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Length': String(f.bytes.length),
      'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', f.name),
      'Content-Security-Policy': FILE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      // Per member (the session cookie), so only the browser's private cache keeps it.
      'Cache-Control': 'private, max-age=600',
      Vary: 'Cookie',
    },
  });
}

/** A plain-words failure, with the same protective headers as a file. */
export function fileErrorResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': FILE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/**
 * Reads a site's answer up to a cap. The cap counts bytes as they come out of the
 * decompression (fetch inflates gzip and brotli on the way), so a small compressed answer
 * that inflates to gigabytes is cut off at the cap, and reading stops (the rest is never
 * downloaded or inflated) the moment it is passed.
 */
import type { Response } from 'undici';

export const MEGABYTE = 1024 * 1024;

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / MEGABYTE) * 10) / 10} MB`;
}

/** `tooLarge` builds the error to throw; `declared` is the size the site announced, if any. */
export async function readCapped(
  res: Response,
  maxBytes: number,
  tooLarge: (declared?: number) => Error,
): Promise<Buffer> {
  // Content-Length counts the encoded bytes: a bound on what inflates only when nothing does.
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (!res.headers.get('content-encoding') && Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge(declared);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += (chunk as Uint8Array).byteLength;
    // Leaving the loop by throwing cancels the stream, which stops the download and the inflating.
    if (total > maxBytes) throw tooLarge();
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks, total);
}

const utf8 = new TextDecoder('utf-8');

/** The answer as text, as `res.text()` decodes it (UTF-8, a leading BOM dropped), within the cap. */
export async function readCappedText(
  res: Response,
  maxBytes: number,
  tooLarge: (declared?: number) => Error,
): Promise<string> {
  return utf8.decode(await readCapped(res, maxBytes, tooLarge));
}

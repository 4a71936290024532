/**
 * A 64-bit perceptual hash of an image (DCT hash, sharp-phash over sharp/libvips), so an image
 * removed once is known again when it comes back resized or re-encoded.
 *
 * The bytes come from strangers, so nothing is decoded on trust: vector images are never
 * rasterised, a size cap and a pixel cap (decompression bombs) hold before decoding, and a file
 * that does not decode, or decodes only in part, is skipped with the reason rather than hashed.
 */
import 'server-only';

/** Loaded on first use: a process that never hashes (or whose libvips fails to load) is not hurt. */
async function libs() {
  const [{ default: sharp }, { default: phash }] = await Promise.all([
    import('sharp'),
    import('sharp-phash'),
  ]);
  return { sharp, phash };
}

/** Hashes this close (differing bits of 64) are the same picture. */
export const MATCH_DISTANCE = 10;

/** Decoded pixels allowed: a 50-megapixel photo passes, a decompression bomb does not. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** Smaller pictures (icons, 1×1 trackers) are not compared. */
const MIN_SIDE = 16;

export const DEFAULT_HASH_MAX_BYTES = 10 * 1024 * 1024;

export type SkipReason =
  | 'not an image'
  | 'vector image'
  | 'too large'
  | 'truncated or corrupt'
  /** Under 16 pixels on a side: an icon, too small for its hash to mean anything. */
  | 'too small'
  /** Network error, timeout or an error answer: tried again later. */
  | 'unreachable'
  /** The site answered 404/410. */
  | 'file gone'
  /** The file's address is not on the site's own origin: never fetched. */
  | 'not on the site';

export type HashOutcome = { status: 'hashed'; hash: string } | { status: 'skipped'; reason: SkipReason };

/** Differing bits of two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x > 0n) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/** Whether a name or type says vector image, before any byte is read. */
export function isVectorImage(mime: string | null | undefined, ext: string | null | undefined): boolean {
  return /svg/i.test(mime ?? '') || /^\.?svgz?$/i.test(ext ?? '');
}

/** Markup (SVG, HTML …) starts with `<` after optional whitespace or a byte-order mark. */
function looksLikeMarkup(bytes: Buffer): 'svg' | 'markup' | null {
  const head = bytes
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head.startsWith('<')) return null;
  return /<svg[\s>]/i.test(bytes.subarray(0, 64 * 1024).toString('utf8')) ? 'svg' : 'markup';
}

function binaryToHex(bits: string): string {
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

function reasonOf(error: unknown): SkipReason {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return 'too large';
  if (/unsupported image format|bad seek|not a known file format/i.test(message)) return 'not an image';
  return 'truncated or corrupt';
}

/**
 * The hash of an image's bytes, or why it is not hashed. Never throws for bad input.
 * `maxBytes` is the site's limit (also applied by the download).
 */
export async function hashImage(
  bytes: Buffer,
  options: { maxBytes?: number; maxPixels?: number } = {},
): Promise<HashOutcome> {
  const maxBytes = options.maxBytes ?? DEFAULT_HASH_MAX_BYTES;
  const limitInputPixels = options.maxPixels ?? MAX_INPUT_PIXELS;
  if (bytes.length > maxBytes) return { status: 'skipped', reason: 'too large' };
  if (bytes.length === 0) return { status: 'skipped', reason: 'truncated or corrupt' };
  const markup = looksLikeMarkup(bytes);
  if (markup === 'svg') return { status: 'skipped', reason: 'vector image' };
  if (markup) return { status: 'skipped', reason: 'not an image' };
  // 'truncated': a file cut short fails instead of hashing its grey remainder.
  const input = { limitInputPixels, failOn: 'truncated' } as const;
  // A library that fails to load throws here: nothing is recorded as skipped for it.
  const { sharp, phash } = await libs();
  try {
    const meta = await sharp(bytes, input).metadata();
    if (meta.format === 'svg') return { status: 'skipped', reason: 'vector image' };
    if (!meta.width || !meta.height) return { status: 'skipped', reason: 'truncated or corrupt' };
    if (meta.width * meta.height > limitInputPixels) return { status: 'skipped', reason: 'too large' };
    if (Math.min(meta.width, meta.height) < MIN_SIDE) return { status: 'skipped', reason: 'too small' };
    const bits = await phash(bytes, input);
    if (!/^[01]{64}$/.test(bits)) return { status: 'skipped', reason: 'truncated or corrupt' };
    return { status: 'hashed', hash: binaryToHex(bits) };
  } catch (error) {
    return { status: 'skipped', reason: reasonOf(error) };
  }
}

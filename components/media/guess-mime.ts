/**
 * A type from a file's name, for lists that keep only the name (the index's files of a queue
 * item). Only the kinds BM Desk shows inline; anything else stays a download. The file route
 * still sends the bytes with its own checked headers.
 */
const BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
};

export function guessMime(name: string | null | undefined): string | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name ?? '');
  return m ? (BY_EXT[m[1]!.toLowerCase()] ?? null) : null;
}

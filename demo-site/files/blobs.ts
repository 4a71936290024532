import zlib from 'node:zlib';

// A handful of real, valid files shared by every attachment of the seed: a million-message site stays
// small on disk, and the dashboard still gets bytes a browser can decode (or must refuse to render).

export type BlobKind = 'photo' | 'video' | 'audio' | 'file';

export interface Blob {
  key: string;
  name: string;
  mime: string;
  ext: string;
  kind: BlobKind;
  bytes: Buffer;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG of `size`×`size` made of 2×2 coloured blocks. */
function makePng(size: number, colours: [number, number, number][]): Buffer {
  const rows: Buffer[] = [];
  const half = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const [r, g, b] = colours[(y < half ? 0 : 2) + (x < half ? 0 : 1)] ?? [0, 0, 0];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with correct xref offsets, so strict readers open it. */
function makePdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Half a second of a 440 Hz tone, 8 kHz mono 8-bit PCM. */
function makeWav(): Buffer {
  const rate = 8000;
  const samples = rate / 2;
  const data = Buffer.alloc(samples);
  for (let i = 0; i < samples; i++) data[i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / rate));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + samples, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write('data', 36);
  h.writeUInt32LE(samples, 40);
  return Buffer.concat([h, data]);
}

const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="alert(\'svg-onload\')">' +
  '<script>alert("svg-script")</script><rect width="64" height="64" fill="#c00"/></svg>\n';

const HOSTILE_HTML =
  '<!doctype html><html><body><h1>Invoice</h1><script>fetch("/steal?c="+document.cookie)</script>' +
  '<img src=x onerror="alert(1)"></body></html>\n';

function build(): Blob[] {
  const red: [number, number, number] = [220, 40, 40];
  const blue: [number, number, number] = [40, 90, 220];
  const green: [number, number, number] = [40, 170, 80];
  const yellow: [number, number, number] = [240, 200, 40];
  // The smallest valid MP4 is awkward to hand-write; the "video" is an ftyp box only, enough for sniffing.
  const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom\0\0\0\0isommp41', 'latin1')]);
  return [
    {
      key: 'png-a',
      name: 'holiday.png',
      mime: 'image/png',
      ext: 'png',
      kind: 'photo',
      bytes: makePng(64, [red, blue, green, yellow]),
    },
    {
      key: 'png-b',
      name: 'screenshot.png',
      mime: 'image/png',
      ext: 'png',
      kind: 'photo',
      bytes: makePng(32, [blue, blue, yellow, red]),
    },
    {
      key: 'png-c',
      name: 'avatar-large.png',
      mime: 'image/png',
      ext: 'png',
      kind: 'photo',
      bytes: makePng(128, [green, red, red, green]),
    },
    {
      key: 'pdf',
      name: 'terms.pdf',
      mime: 'application/pdf',
      ext: 'pdf',
      kind: 'file',
      bytes: makePdf('BM Desk demo document'),
    },
    { key: 'wav', name: 'voice-note.wav', mime: 'audio/wav', ext: 'wav', kind: 'audio', bytes: makeWav() },
    { key: 'mp4', name: 'clip.mp4', mime: 'video/mp4', ext: 'mp4', kind: 'video', bytes: mp4 },
    {
      key: 'svg',
      name: 'logo.svg',
      mime: 'image/svg+xml',
      ext: 'svg',
      kind: 'photo',
      bytes: Buffer.from(HOSTILE_SVG),
    },
    {
      key: 'html',
      name: 'invoice.html',
      mime: 'text/html',
      ext: 'html',
      kind: 'file',
      bytes: Buffer.from(HOSTILE_HTML),
    },
  ];
}

export const BLOBS: readonly Blob[] = build();

export function blobByKey(key: string): Blob | undefined {
  return BLOBS.find((b) => b.key === key);
}

/** The attachments listing groups files the way the plugin does: by MIME family. */
export function kindOfMime(mime: string): BlobKind {
  if (mime.startsWith('image/')) return 'photo';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'file';
}

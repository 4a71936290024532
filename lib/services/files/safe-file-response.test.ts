/** Which files may ever be shown inline, and under which type. */
import { describe, expect, it } from 'vitest';
import { previewKind } from './file-kinds';
import { chooseDisposition, contentDisposition } from './safe-file-response';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');
const facts = (mime: string, ext: string, bytes: Buffer, servedType = mime, download = false) => ({
  mime,
  ext,
  bytes,
  servedType,
  download,
});

describe('previewKind', () => {
  it.each([
    ['image/png', 'png', 'image'],
    ['IMAGE/JPG; charset=x', 'jpg', 'image'],
    ['video/mp4', 'mp4', 'video'],
    ['audio/mp3', 'mp3', 'audio'],
    ['image/svg+xml', 'svg', 'file'],
    ['image/png', 'svg', 'file'],
    ['text/html', 'html', 'file'],
    ['image/png', 'HTM', 'file'],
    ['application/pdf', 'pdf', 'file'],
    [null, null, 'file'],
  ])('%s .%s → %s', (mime, ext, kind) => {
    expect(previewKind(mime, ext)).toBe(kind);
  });
});

describe('chooseDisposition', () => {
  it('inlines raster images whose bytes match their type', () => {
    expect(chooseDisposition(facts('image/png', 'png', PNG))).toEqual({ type: 'image/png', inline: true });
    expect(chooseDisposition(facts('image/jpg', 'jpg', JPEG))).toEqual({ type: 'image/jpeg', inline: true });
    expect(chooseDisposition(facts('image/webp', 'webp', WEBP))).toEqual({
      type: 'image/webp',
      inline: true,
    });
  });

  it('inlines media with its declared type', () => {
    expect(chooseDisposition(facts('audio/wav', 'wav', Buffer.alloc(8)))).toEqual({
      type: 'audio/wav',
      inline: true,
    });
    expect(chooseDisposition(facts('video/mp4', 'mp4', Buffer.alloc(8), ''))).toEqual({
      type: 'video/mp4',
      inline: true,
    });
  });

  it.each([
    ['an HTML page named as a PNG', facts('image/png', 'png', HTML)],
    ['a PNG the site serves as HTML', facts('image/png', 'png', PNG, 'text/html')],
    ['an SVG', facts('image/svg+xml', 'svg', Buffer.from('<svg/>'))],
    ['HTML', facts('text/html', 'html', HTML)],
    ['a PDF', facts('application/pdf', 'pdf', Buffer.from('%PDF'))],
    ['an image asked as a download', facts('image/png', 'png', PNG, 'image/png', true)],
  ])('%s is an octet-stream attachment', (_what, f) => {
    expect(chooseDisposition(f)).toEqual({ type: 'application/octet-stream', inline: false });
  });
});

describe('contentDisposition', () => {
  it('keeps the name readable and the header well-formed', () => {
    expect(contentDisposition('attachment', 'Résumé "final".pdf')).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_final_.pdf`,
    );
    expect(contentDisposition('inline', '../../etc/passwd')).toMatch(
      /^inline; filename="\.\._\.\._etc_passwd"/,
    );
    expect(contentDisposition('inline', null)).toMatch(/^inline; filename="file"/);
  });

  it('saves a name with a direction override as it reads, the override shown', () => {
    const header = contentDisposition('attachment', 'invoice\u202Egnp.html');
    expect(header).toBe(
      `attachment; filename="invoice_U+202E_gnp.html"; filename*=UTF-8''${encodeURIComponent('invoice⟨U+202E⟩gnp.html')}`,
    );
    expect(decodeURIComponent(header.split("''")[1]!)).not.toMatch(
      /[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/,
    );
  });
});

import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance, hashImage, MATCH_DISTANCE, type HashOutcome } from './phash';
import { picturePng, resizedJpeg } from './test-images';

function hashOf(outcome: HashOutcome): string {
  if (outcome.status !== 'hashed') throw new Error(`not hashed: ${outcome.reason}`);
  expect(outcome.hash).toMatch(/^[0-9a-f]{16}$/);
  return outcome.hash;
}

describe('perceptual hash', () => {
  let original: Buffer;
  let other: Buffer;
  beforeAll(async () => {
    original = await picturePng(11);
    other = await picturePng(12);
  });

  it('knows a picture again after it was resized and re-encoded as a low-quality JPEG', async () => {
    const a = hashOf(await hashImage(original));
    const b = hashOf(await hashImage(await resizedJpeg(original)));
    const c = hashOf(await hashImage(await resizedJpeg(original, 120, 20)));
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(MATCH_DISTANCE);
    expect(hammingDistance(a, c)).toBeLessThanOrEqual(MATCH_DISTANCE);
  });

  it('tells a different picture apart', async () => {
    const a = hashOf(await hashImage(original));
    for (const seed of [12, 13, 14, 15]) {
      const d = hashOf(await hashImage(await picturePng(seed)));
      expect(hammingDistance(a, d)).toBeGreaterThan(MATCH_DISTANCE);
    }
    expect(hammingDistance(a, hashOf(await hashImage(other)))).toBeGreaterThan(MATCH_DISTANCE);
  });

  it('skips a truncated PNG and a truncated JPEG', async () => {
    expect(await hashImage(original.subarray(0, Math.floor(original.length / 2)))).toEqual({
      status: 'skipped',
      reason: 'truncated or corrupt',
    });
    const jpeg = await resizedJpeg(original, 400, 90);
    expect(await hashImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toEqual({
      status: 'skipped',
      reason: 'truncated or corrupt',
    });
  });

  it('skips a text file named .png, and never rasterises an SVG', async () => {
    expect(await hashImage(Buffer.from('Hello, this is not a picture.\n'.repeat(20)))).toEqual({
      status: 'skipped',
      reason: 'not an image',
    });
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>',
    );
    expect(await hashImage(svg)).toEqual({ status: 'skipped', reason: 'vector image' });
    expect(await hashImage(Buffer.from(`<?xml version="1.0"?>\n${svg.toString()}`))).toEqual({
      status: 'skipped',
      reason: 'vector image',
    });
  });

  it('skips a file over the size limit, and a decompression bomb over the pixel limit', async () => {
    expect(await hashImage(original, { maxBytes: original.length - 1 })).toEqual({
      status: 'skipped',
      reason: 'too large',
    });
    // 10000×10000 of one colour: a few hundred KB that would decode to 300 MB.
    const bomb = await sharp({
      create: { width: 10_000, height: 10_000, channels: 3, background: '#808080' },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await hashImage(bomb)).toEqual({ status: 'skipped', reason: 'too large' });
  });

  it('measures distance in bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });
});

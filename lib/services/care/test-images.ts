/**
 * Pictures for the hashing tests and the bench, made here (no fixtures): a seeded mix of a
 * gradient, shapes and noise, so two seeds give two unrelated pictures and one seed gives the
 * same picture at any size or encoding. Test-only.
 */
import sharp from 'sharp';

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** Raw RGB pixels of picture `seed` at `width`×`height`. */
function pixels(seed: number, width: number, height: number): Buffer {
  const r = rng(seed);
  const shapes = Array.from({ length: 7 }, () => ({
    circle: r() < 0.5,
    x: r(),
    y: r(),
    size: 0.08 + r() * 0.3,
    colour: [r() * 255, r() * 255, r() * 255],
  }));
  const base = [r() * 255, r() * 255, r() * 255];
  const angle = r() * Math.PI * 2;
  const noise = rng(seed * 7919 + 1);
  const out = Buffer.alloc(width * height * 3);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const x = px / width;
      const y = py / height;
      const g = (x * Math.cos(angle) + y * Math.sin(angle) + 1) / 2;
      let c = base.map((v) => v * g);
      for (const s of shapes) {
        const inside = s.circle
          ? Math.hypot(x - s.x, y - s.y) < s.size
          : Math.abs(x - s.x) < s.size && Math.abs(y - s.y) < s.size / 2;
        if (inside) c = s.colour.slice();
      }
      const o = (py * width + px) * 3;
      for (let k = 0; k < 3; k++) out[o + k] = Math.max(0, Math.min(255, c[k]! + (noise() - 0.5) * 40));
    }
  }
  return out;
}

export async function pictureRaw(seed: number, width = 640, height = 480) {
  return sharp(pixels(seed, width, height), { raw: { width, height, channels: 3 } });
}

/** Picture `seed` as a PNG. */
export async function picturePng(seed: number, width = 640, height = 480): Promise<Buffer> {
  return (await pictureRaw(seed, width, height)).png().toBuffer();
}

/** The same picture as someone re-posting it would: scaled down and saved as a low-quality JPEG. */
export async function resizedJpeg(png: Buffer, width = 300, quality = 45): Promise<Buffer> {
  return sharp(png).resize({ width }).jpeg({ quality }).toBuffer();
}

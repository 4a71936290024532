/**
 * "Seen before" hashing: how many images a second BM Desk hashes, and what the hashing pass
 * costs a site while nothing new arrives.
 *
 *   npx tsx --conditions=react-server bench/hashing.ts [--images 60] [--idle-seconds 30]
 *
 * 1. Local: decode + perceptual hash of generated pictures (640×480 PNG, the same as JPEG, and a
 *    2400×1800 JPEG like a phone photo), no network.
 * 2. End to end: `--images` pictures uploaded to a thread of the demo site (its own process,
 *    `--size small`), indexed, then hashed by the pass (download from the site, one at a time,
 *    decode, hash, compare with the removed images, store) into an in-memory BM Desk (PGlite).
 * 3. Idle: the hashing loop runs every second for `--idle-seconds` with everything hashed; the
 *    site's own request count over that time, per minute, is the added load (goal: 0).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoSiteProcess } from './sync-support';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '60' },
    'idle-seconds': { type: 'string', default: '30' },
  },
});
const IMAGES = Number(values.images);
const IDLE_SECONDS = Number(values['idle-seconds']);

process.env.BMDESK_DATA_DIR = 'memory://';

async function main() {
  const { hashImage } = await import('@/lib/services/care/phash');
  const { picturePng, resizedJpeg, pictureRaw } = await import('@/lib/services/care/test-images');
  const { hashPendingImages, ImageHashLoop } = await import('@/lib/services/care/hashing');
  const { postFile } = await import('@/lib/services/care/test-upload');
  const bm = await import('@/lib/infra/better-messages');
  const { closeDb } = await import('@/lib/infra/db/client');
  const { insertSite } = await import('@/lib/services/sites/queries');
  const { refreshThread } = await import('@/lib/services/site-index/refresh');

  // 1. Local decode + hash.
  const pngs: Buffer[] = [];
  for (let i = 0; i < 40; i++) pngs.push(await picturePng(1000 + i));
  const jpegs = await Promise.all(pngs.map((p) => resizedJpeg(p, 640, 80)));
  const big = await (await pictureRaw(7, 2400, 1800)).jpeg({ quality: 85 }).toBuffer();
  const rate = async (label: string, files: Buffer[], rounds = 1) => {
    const started = performance.now();
    for (let r = 0; r < rounds; r++) for (const f of files) await hashImage(f);
    const s = (performance.now() - started) / 1000;
    const n = files.length * rounds;
    console.log(`local ${label}: ${n} in ${s.toFixed(2)} s = ${(n / s).toFixed(1)} images/s`);
  };
  await rate('640×480 PNG', pngs);
  await rate('640×480 JPEG', jpegs);
  await rate(`2400×1800 JPEG (${(big.length / 1024).toFixed(0)} KB)`, [big], 10);

  // 2. End to end through the demo site.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hashing-'));
  const site = await startDemoSiteProcess(dir, 'small');
  try {
    const admin = bm.createBmClient({
      siteUrl: site.url,
      username: site.username,
      appPassword: site.appPassword,
    });
    const { id: siteId } = await insertSite({
      name: 'Hashing bench',
      url: site.url,
      username: site.username,
      appPassword: site.appPassword,
      probe: { status: 'ok', reason: null, message: null },
    });
    const { threadId } = await bm.createThread(admin, {
      recipientBmUserIds: [2],
      subject: 'hashing bench',
      message: 'pictures follow',
    });
    const member = { siteUrl: site.url, login: site.username, appPassword: site.appPassword };
    let bytes = 0;
    for (let i = 0; i < IMAGES; i++) {
      const body =
        i % 2 ? await resizedJpeg(await picturePng(2000 + i), 800, 80) : await picturePng(2000 + i);
      bytes += body.length;
      await postFile(member, threadId, {
        name: `bench-${i}.${i % 2 ? 'jpg' : 'png'}`,
        type: i % 2 ? 'image/jpeg' : 'image/png',
        bytes: body,
      });
    }
    await refreshThread(siteId, threadId);
    const stats = async () => {
      const res = await fetch(`${site.url}/__demo/stats`, {
        headers: { 'X-Demo-Control': site.controlToken },
      });
      return (await res.json()) as { total: number; maxFilesInFlight: number };
    };
    await fetch(`${site.url}/__demo/stats`, {
      method: 'DELETE',
      headers: { 'X-Demo-Control': site.controlToken },
    });
    const started = performance.now();
    const done = await hashPendingImages(siteId, { limit: IMAGES + 10 });
    const s = (performance.now() - started) / 1000;
    const after = await stats();
    console.log(
      `end to end (demo site): ${done.hashed} hashed, ${done.skipped} skipped, ${(bytes / 1024 / 1024).toFixed(1)} MB, ` +
        `in ${s.toFixed(2)} s = ${(done.seen / s).toFixed(1)} images/s; site requests ${after.total}, ` +
        `most downloads at once ${after.maxFilesInFlight}`,
    );

    // 3. Idle: nothing new, the loop keeps running.
    await fetch(`${site.url}/__demo/stats`, {
      method: 'DELETE',
      headers: { 'X-Demo-Control': site.controlToken },
    });
    const loop = new ImageHashLoop(siteId, { everyMs: 1_000 });
    loop.start();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    await loop.stop();
    const idle = await stats();
    console.log(
      `idle: ${idle.total} site requests in ${IDLE_SECONDS} s of passes every 1 s = ` +
        `${((idle.total * 60) / IDLE_SECONDS).toFixed(1)} calls per minute`,
    );
  } finally {
    site.child.kill();
    await closeDb().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * "Seen before" against the demo site (real HTTP, PGlite): an image removed through the
 * attachments desk's action is kept by hash as removed image #N; the same picture uploaded again,
 * resized and re-encoded, is marked as matching #N by the sync worker's hashing pass; a
 * different picture is not; downloads for hashing go one at a time.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Member } from '@/lib/infra/auth/members';
import { createMember } from '@/lib/infra/auth/members';
import { createThread, reportMessage } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { getAttachments } from '@/lib/services/site-index/queries/attachments';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { syncState } from '@/lib/services/site-index/schema';
import { SyncWorker } from '@/lib/services/site-index/worker';
import {
  clientAs,
  connectSite,
  control,
  startTestSite,
  stopTestSite,
  waitFor,
} from '@/tests/support/site-index';
import { hashPendingImages } from '@/lib/services/care/hashing';
import { imageHashes, removedImages } from '@/lib/services/care/schema';
import { picturePng, resizedJpeg } from '@/lib/services/care/test-images';
import { postFile, type Member as SiteMember } from '@/lib/services/care/test-upload';
import { jobItems, jobs } from '@/lib/services/jobs/schema';
import { JobRunner } from '@/lib/services/jobs/runner';
import { getQueue } from '@/lib/services/queues/queries';
import { siteClient } from '@/lib/services/sites/site-client';
import { loadOlder, loadThreadView } from '@/lib/services/threads/load-thread';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
// Outside a Next request there is no page cache to drop.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

let t: Awaited<ReturnType<typeof startTestSite>>;
let siteId = 0;
let threadId = 0;
let alice: SiteMember;

async function hashRow(attachmentId: number) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(imageHashes)
    .where(and(eq(imageHashes.siteId, siteId), eq(imageHashes.attachmentId, attachmentId)));
  return row;
}

async function demoStats() {
  const res = await fetch(`${t.site.url}/__demo/stats`, {
    headers: { 'X-Demo-Control': t.site.credentials.DEMO_CONTROL_TOKEN! },
  });
  return (await res.json()) as { maxFilesInFlight: number; filesInFlight: number };
}

beforeAll(async () => {
  t = await startTestSite();
  ({ siteId } = await connectSite(t.site));
  current.member = await createMember({
    email: `mod-${Date.now()}@example.test`,
    name: 'Moderator',
    password: 'a-long-password-1',
    role: 'moderator',
  });
  const c = t.site.credentials;
  alice = { siteUrl: t.site.url, login: c.BM_SITE_USER2!, appPassword: c.BM_SITE_APP_PASSWORD2! };
  ({ threadId } = await createThread(clientAs(t.site, '2'), {
    recipientBmUserIds: [Number(c.BM_SITE_USER3_ID)],
    subject: 'seen before',
    message: 'pictures follow',
  }));
});

afterAll(async () => {
  await stopTestSite(t);
});

describe('seen before, on the demo site', () => {
  const original = picturePng(31);
  let removedId = 0;
  let firstFileId = 0;
  let againFile: { fileId: number; messageId: number } | null = null;

  it('keeps an image removed through the attachments desk as removed image #N', async () => {
    const first = await postFile(alice, threadId, {
      name: 'original.png',
      type: 'image/png',
      bytes: await original,
    });
    firstFileId = first.fileId;
    await refreshThread(siteId, threadId);
    // The action the desk's "Remove file" calls (deletes the message the file was sent in).
    const { deleteFileMessage } = await import('@/app/(desk)/[site]/attachments/actions');
    const result = await deleteFileMessage({
      siteId,
      threadId,
      messageId: first.messageId,
      attachmentIds: [first.fileId],
    });
    expect(result).toMatchObject({ ok: true });
    const db = await getDb();
    const rows = await db.select().from(removedImages).where(eq(removedImages.siteId, siteId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      attachmentId: first.fileId,
      name: 'original.png',
      removedBy: current.member!.id,
    });
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{16}$/);
    removedId = rows[0]!.id;
  });

  it('marks the same picture uploaded again, resized and re-encoded, after a sync pass; not a different one', async () => {
    const again = await postFile(alice, threadId, {
      name: 'again.jpg',
      type: 'image/jpeg',
      bytes: await resizedJpeg(await original),
    });
    const other = await postFile(alice, threadId, {
      name: 'other.png',
      type: 'image/png',
      bytes: await picturePng(32),
    });
    const text = await postFile(alice, threadId, {
      name: 'notes.png',
      type: 'image/png',
      bytes: Buffer.from('These are notes, not a picture.\n'.repeat(10)),
    });
    await refreshThread(siteId, threadId);
    // Each download takes a while, so downloads that overlapped would show in the demo's count.
    await control(t.site, { fileLatencyMs: 150 });
    await control(t.site, null, 'stats');

    const worker = new SyncWorker({
      siteIds: async () => [siteId],
      scanMs: 60_000,
      sync: { tickMs: 50 },
      hashing: { everyMs: 50, limit: 4 },
    });
    worker.start();
    try {
      // Two more passes at once, as a second caller would: the site's lane still allows one download.
      await Promise.all([hashPendingImages(siteId, { limit: 4 }), hashPendingImages(siteId, { limit: 4 })]);
      await waitFor(
        'the new uploads hashed',
        async () =>
          Boolean(
            (await hashRow(again.fileId)) && (await hashRow(other.fileId)) && (await hashRow(text.fileId)),
          ),
        60_000,
      );
    } finally {
      await worker.stop();
      await control(t.site, null);
    }

    expect(await hashRow(again.fileId)).toMatchObject({ status: 'hashed', matchesRemovedId: removedId });
    expect(await hashRow(other.fileId)).toMatchObject({ status: 'hashed', matchesRemovedId: null });
    expect(await hashRow(text.fileId)).toMatchObject({ status: 'skipped', reason: 'not an image' });
    expect(await hashRow(firstFileId)).toMatchObject({ status: 'hashed', matchesRemovedId: null });

    const stats = await demoStats();
    expect(stats.maxFilesInFlight).toBe(1);

    // The attachments desk's filter "Matches a removed image".
    const matching = await getAttachments({ siteId, matchesRemoved: true });
    expect(matching.rows.map((r) => r.id)).toEqual([again.fileId]);
    expect(matching.rows[0]!.matchesRemovedId).toBe(removedId);
    const notMatching = await getAttachments({ siteId, threadId, matchesRemoved: false });
    expect(notMatching.rows.map((r) => r.id)).toEqual(expect.arrayContaining([other.fileId]));
    expect(notMatching.rows.map((r) => r.id)).not.toContain(again.fileId);

    // The thread view (and the inbox conversation, which loads the same way) carries the match
    // on the file as the live site lists it, so the cover says "Matches removed image #N".
    const view = await loadThreadView(await siteClient(siteId), siteId, threadId);
    const viewFiles = view!.messages.flatMap((m) => m.files);
    expect(viewFiles.find((f) => f.id === again.fileId)).toMatchObject({ matchesRemovedId: removedId });
    expect(viewFiles.find((f) => f.id === other.fileId)).toMatchObject({ matchesRemovedId: null });
    // Scrolling back loads older messages the same way.
    const older = await loadOlder(await siteClient(siteId), siteId, threadId, [view!.messages.at(-1)!.id]);
    expect(older.flatMap((m) => m.files).find((f) => f.id === again.fileId)).toMatchObject({
      matchesRemovedId: removedId,
    });

    // The reports queue's preview of the message, reported, carries it too (from the same query).
    await reportMessage(clientAs(t.site, '3'), {
      messageId: again.messageId,
      threadId,
      category: 'inappropriate',
    });
    await refreshThread(siteId, threadId);
    const queue = await getQueue({ siteId, kind: 'report' }, { perPage: 100 });
    const item = queue.rows.find((r) => r.id === again.messageId);
    expect(item?.files).toEqual([expect.objectContaining({ id: again.fileId, matchesRemovedId: removedId })]);
    againFile = again;
  });

  it('removing the re-upload keeps removed image #N: no new number for the same picture', async () => {
    const db = await getDb();
    const before = await db.select().from(removedImages).where(eq(removedImages.siteId, siteId));
    const { deleteThreadMessages } = await import('@/app/(desk)/[site]/threads/actions');
    expect(
      await deleteThreadMessages({ siteId, threadId, messageIds: [againFile!.messageId] }),
    ).toMatchObject({ ok: true });
    const after = await db.select().from(removedImages).where(eq(removedImages.siteId, siteId));
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(after.find((r) => r.id === removedId)).toMatchObject({ attachmentId: firstFileId });
  });

  it('a new removal marks hashed attachments that match it at once', async () => {
    const db = await getDb();
    const copy = await postFile(alice, threadId, {
      name: 'copy.png',
      type: 'image/png',
      bytes: await picturePng(33),
    });
    const twin = await postFile(alice, threadId, {
      name: 'twin.jpg',
      type: 'image/jpeg',
      bytes: await resizedJpeg(await picturePng(33), 200, 30),
    });
    await refreshThread(siteId, threadId);
    await hashPendingImages(siteId, { limit: 50 });
    expect(await hashRow(twin.fileId)).toMatchObject({ status: 'hashed', matchesRemovedId: null });
    // Removed from a thread (the thread page's delete): no download, the stored hash is reused.
    await control(t.site, null, 'stats');
    const { deleteThreadMessages } = await import('@/app/(desk)/[site]/threads/actions');
    expect(await deleteThreadMessages({ siteId, threadId, messageIds: [copy.messageId] })).toMatchObject({
      ok: true,
    });
    const [removed] = await db
      .select()
      .from(removedImages)
      .where(and(eq(removedImages.siteId, siteId), eq(removedImages.attachmentId, copy.fileId)));
    expect(removed).toBeDefined();
    expect(await hashRow(twin.fileId)).toMatchObject({ matchesRemovedId: removed!.id });
    expect(await hashRow(copy.fileId)).toMatchObject({ matchesRemovedId: null });
    const { byRoute } = (await demoStats()) as unknown as { byRoute: Record<string, number> };
    expect(Object.keys(byRoute).filter((r) => r.startsWith('/wp-content/uploads/'))).toEqual([]);
  });

  it("skips, with the reason, a picture over the site's size limit and an SVG, downloading neither", async () => {
    const db = await getDb();
    await db.update(syncState).set({ hashMaxBytes: 20_000 }).where(eq(syncState.siteId, siteId));
    try {
      const big = await postFile(alice, threadId, {
        name: 'big.png',
        type: 'image/png',
        bytes: await picturePng(34),
      });
      const svg = await postFile(alice, threadId, {
        name: 'logo.svg',
        type: 'image/svg+xml',
        bytes: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>',
        ),
      });
      await refreshThread(siteId, threadId);
      await control(t.site, null, 'stats');
      await hashPendingImages(siteId, { limit: 50 });
      expect(await hashRow(big.fileId)).toMatchObject({ status: 'skipped', reason: 'too large', hash: null });
      expect(await hashRow(svg.fileId)).toMatchObject({
        status: 'skipped',
        reason: 'vector image',
        hash: null,
      });
      const { byRoute } = (await demoStats()) as unknown as { byRoute: Record<string, number> };
      // Neither file was read (other pictures of the site waiting for a hash may have been).
      const uploads = Object.keys(byRoute).filter((r) => r.startsWith('/wp-content/uploads/'));
      expect(uploads.filter((r) => r.endsWith('/big.png') || r.endsWith('/logo.svg'))).toEqual([]);
    } finally {
      await db.update(syncState).set({ hashMaxBytes: 10_485_760 }).where(eq(syncState.siteId, siteId));
    }
  });
});

describe('a thread wiped whole keeps its images as removed images', () => {
  async function threadWithPicture(seed: number, name: string) {
    const c = t.site.credentials;
    const { threadId: id } = await createThread(clientAs(t.site, '2'), {
      recipientBmUserIds: [Number(c.BM_SITE_USER3_ID)],
      subject: `wiped ${seed}`,
      message: 'a picture follows',
    });
    const file = await postFile(alice, id, { name, type: 'image/png', bytes: await picturePng(seed) });
    await refreshThread(siteId, id);
    return { threadId: id, ...file };
  }

  async function removedOf(attachmentId: number) {
    const db = await getDb();
    return db
      .select()
      .from(removedImages)
      .where(and(eq(removedImages.siteId, siteId), eq(removedImages.attachmentId, attachmentId)));
  }

  it('clearing a thread (a job, 50 messages a call) records its pictures, hashed before the files go', async () => {
    const wiped = await threadWithPicture(41, 'cleared.png');
    // Not hashed yet: the clear hashes it while the file is still on the site.
    expect(await hashRow(wiped.fileId)).toBeUndefined();
    const { startThreadBulkJob } = await import('@/lib/services/jobs/start-actions');
    const started = await startThreadBulkJob({ action: 'clear', siteId, threadIds: [wiped.threadId] });
    expect(started).toMatchObject({ ok: true });
    const jobId = (started as { data: { jobId: number } }).data.jobId;
    const db = await getDb();
    const runner = new JobRunner({ pollMs: 100, siteIds: [siteId] }).start();
    try {
      for (let waited = 0; ; waited += 50) {
        const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
        if (job?.status === 'done') break;
        if (waited > 20_000) throw new Error(`the clear job is still ${job?.status}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await runner.stop();
    }
    expect(
      await db.select({ status: jobItems.status }).from(jobItems).where(eq(jobItems.jobId, jobId)),
    ).toEqual([{ status: 'done' }]);
    const rows = await removedOf(wiped.fileId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'cleared.png', removedBy: current.member!.id });
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{16}$/);
    // The site has no message left in the thread.
    const site = await siteClient(siteId);
    const { getThread } = await import('@/lib/infra/better-messages');
    const bundle = await getThread(site, wiped.threadId);
    expect(bundle.messages).toEqual([]);
  });

  it('erasing a thread records its pictures', async () => {
    const wiped = await threadWithPicture(42, 'erased.png');
    await hashPendingImages(siteId, { limit: 50 });
    expect(await hashRow(wiped.fileId)).toMatchObject({ status: 'hashed' });
    const { eraseThread } = await import('@/app/(desk)/[site]/threads/actions');
    expect(await eraseThread({ siteId, threadId: wiped.threadId, reason: 'test: erase' })).toMatchObject({
      ok: true,
    });
    const rows = await removedOf(wiped.fileId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: 'erased.png',
      removedBy: current.member!.id,
      hash: (await hashRow(wiped.fileId))!.hash,
    });
  });
});

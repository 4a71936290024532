/**
 * "Seen before" on the site under test (the real plugin with `npm run test:contract:real`):
 * a member uploads pictures through the plugin's own upload route (POST /thread/:id/upload,
 * multipart `file`, then /send with `files`), BM Desk removes one through the attachments desk's
 * action, the member re-uploads it resized and re-encoded as JPEG plus a different picture, and
 * after the hashing pass the re-upload is marked "matches removed image #N", the other is not.
 * BM Desk's side runs on an in-memory database (PGlite) of its own.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  if (!process.env.DATABASE_URL) process.env.BMDESK_DATA_DIR = 'memory://';
});

import type { Member } from '@/lib/infra/auth/members';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { hashPendingImages } from '@/lib/services/care/hashing';
import { imageHashes, removedImages } from '@/lib/services/care/schema';
import { picturePng, resizedJpeg } from '@/lib/services/care/test-images';
import { postFile, type Member as SiteMember } from '@/lib/services/care/test-upload';
import { getAttachments } from '@/lib/services/site-index/queries/attachments';
import { refreshThread } from '@/lib/services/site-index/refresh';
import { insertSite } from '@/lib/services/sites/queries';
import { ids, site, uniqueTag } from './support/site';
import { threadTracker } from './support/threads';

const current = vi.hoisted(() => ({ member: null as Member | null }));
vi.mock('@/lib/infra/auth/current-member', () => ({ getCurrentMember: async () => current.member }));
vi.mock('@/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
// Outside a Next request there is no page cache to drop.
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const threads = threadTracker();
const alice: SiteMember = { siteUrl: site.url, login: site.user2.login, appPassword: site.user2.appPassword };
let siteId = 0;
let threadId = 0;

async function hashRow(attachmentId: number) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(imageHashes)
    .where(and(eq(imageHashes.siteId, siteId), eq(imageHashes.attachmentId, attachmentId)));
  return row;
}

beforeAll(async () => {
  threadId = (await threads.create([ids.user2], uniqueTag('contract seen before '))).threadId;
  const row = await insertSite({
    name: uniqueTag('Contract site '),
    url: site.url,
    username: site.admin.login,
    appPassword: site.admin.appPassword,
    probe: { status: 'ok', reason: null, message: null },
  });
  siteId = row.id;
  current.member = await createMember({
    email: `${uniqueTag('mod-')}@example.test`,
    name: 'Moderator',
    password: 'a-long-password-1',
    role: 'moderator',
  });
});

afterAll(() => threads.eraseAll());

describe('seen before', () => {
  it('a removed image re-uploaded resized and re-encoded is marked on sight; a different image is not', async () => {
    const original = await picturePng(41);
    const first = await postFile(alice, threadId, {
      name: 'contract-original.png',
      type: 'image/png',
      bytes: original,
    });
    await refreshThread(siteId, threadId);

    // Removed through BM Desk: the attachments desk's "Remove file" action.
    const { deleteFileMessage } = await import('@/app/(desk)/[site]/attachments/actions');
    expect(
      await deleteFileMessage({
        siteId,
        threadId,
        messageId: first.messageId,
        attachmentIds: [first.fileId],
      }),
    ).toMatchObject({ ok: true });
    const db = await getDb();
    const removed = await db.select().from(removedImages).where(eq(removedImages.siteId, siteId));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ attachmentId: first.fileId, removedBy: current.member!.id });
    expect(removed[0]!.hash).toMatch(/^[0-9a-f]{16}$/);
    const n = removed[0]!.id;

    const again = await postFile(alice, threadId, {
      name: 'contract-again.jpg',
      type: 'image/jpeg',
      bytes: await resizedJpeg(original),
    });
    const other = await postFile(alice, threadId, {
      name: 'contract-other.png',
      type: 'image/png',
      bytes: await picturePng(42),
    });
    await refreshThread(siteId, threadId);
    await hashPendingImages(siteId, { limit: 50 });

    expect(await hashRow(again.fileId)).toMatchObject({ status: 'hashed', matchesRemovedId: n });
    expect(await hashRow(other.fileId)).toMatchObject({ status: 'hashed', matchesRemovedId: null });
    const matching = await getAttachments({ siteId, threadId, matchesRemoved: true });
    expect(matching.rows.map((r) => r.id)).toEqual([again.fileId]);
  });
});

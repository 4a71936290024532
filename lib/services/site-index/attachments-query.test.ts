/** The attachments desk's filters over a hand-made index: size, reported message, uploader name, types. */
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { insertSite } from '@/lib/services/sites/queries';
import type { MessageRow } from './convert';
import { getAttachment, getAttachmentExts, getAttachments } from './queries/attachments';
import { indexAttachments } from './schema';
import { recountUsers, storeBatch } from './store';
import { messageRow } from '@/tests/support/index-rows';

let siteId: number;
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));
const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

function message(
  id: number,
  threadId: number,
  senderId: number,
  extra: Partial<MessageRow> = {},
): MessageRow {
  return messageRow({
    id,
    threadId,
    senderId,
    createdAt: day(id),
    text: `m${id}`,
    ...extra,
  });
}

beforeAll(async () => {
  siteId = (
    await insertSite({
      name: `Attachments ${Date.now()}`,
      url: 'https://files.example.test',
      username: 'admin',
      appPassword: 'pw',
      probe: { status: 'ok', reason: null, message: null },
    })
  ).id;
  const db = await getDb();
  const report = { reporterBmUserId: 2, reporterName: 'Bob', category: 'spam', description: '', time: null };
  await storeBatch(db, {
    siteId,
    users: [
      { id: 1, name: 'Alice', avatar: null, isGuest: false },
      { id: 2, name: 'Bob', avatar: null, isGuest: false },
      { id: -5, name: 'Guest Gus', avatar: null, isGuest: true },
    ],
    deletedIds: [],
    rows: [
      message(1, 10, 1),
      message(2, 10, 2, { reports: [report], reportCount: 1 }),
      message(3, 11, -5, { aiFlagged: true }),
      message(4, 11, 1),
    ],
  });
  await recountUsers(db, siteId);
  const file = (
    id: number,
    messageId: number,
    threadId: number,
    uploaderId: number,
    name: string,
    mime: string,
    size: number,
  ) => ({
    siteId,
    id,
    messageId,
    threadId,
    uploaderId,
    name,
    mime,
    ext: name.split('.').pop()!,
    size,
    url: `https://files.example.test/up/${name}`,
    date: day(messageId),
  });
  await db
    .insert(indexAttachments)
    .values([
      file(500, 1, 10, 1, 'cat.png', 'image/png', 50_000),
      file(501, 2, 10, 2, 'spam.jpg', 'image/jpeg', 2_000_000),
      file(502, 3, 11, -5, 'logo.svg', 'image/svg+xml', 900),
      file(503, 4, 11, 1, 'talk.mp3', 'audio/mpeg', 12_000_000),
      file(504, 4, 11, 1, 'notes.pdf', 'application/pdf', 300_000),
    ]);
});

describe('getAttachments for the desk', () => {
  it('filters by size range, inclusive', async () => {
    expect(
      ids((await getAttachments({ siteId, maxSize: 100 * 1024 - 1 }, { sort: [{ id: 'id' }] })).rows),
    ).toEqual([500, 502]);
    expect(
      ids((await getAttachments({ siteId, minSize: 1024 * 1024, maxSize: 10 * 1024 * 1024 - 1 })).rows),
    ).toEqual([501]);
    expect(ids((await getAttachments({ siteId, minSize: 10 * 1024 * 1024 })).rows)).toEqual([503]);
  });

  it('finds files in reported or AI-flagged messages, and the rest, with one count', async () => {
    const reported = await getAttachments({ siteId, reported: true }, { sort: [{ id: 'id' }] });
    expect(ids(reported.rows)).toEqual([501, 502]);
    expect(reported.total).toBe(2);
    expect(reported.rows.every((r) => r.reported)).toBe(true);
    const clean = await getAttachments({ siteId, reported: false });
    expect(clean.total).toBe(3);
    expect(clean.rows.some((r) => r.reported)).toBe(false);
  });

  it('combines kind, uploader and thread, and names the uploader', async () => {
    const images = await getAttachments({ siteId, kinds: ['image'], uploaderId: 1 });
    expect(ids(images.rows)).toEqual([500]);
    expect(images.rows[0]).toMatchObject({ uploaderName: 'Alice', uploaderIsGuest: false });
    const guest = await getAttachments({ siteId, threadId: 11, kinds: ['image'] });
    expect(guest.rows[0]).toMatchObject({ id: 502, uploaderName: 'Guest Gus', uploaderIsGuest: true });
    expect(
      ids((await getAttachments({ siteId, kinds: ['audio', 'other'] }, { sort: [{ id: 'id' }] })).rows),
    ).toEqual([503, 504]);
  });

  it('sorts by size both ways and pages with a matching count', async () => {
    const big = await getAttachments({ siteId }, { sort: [{ id: 'size', desc: true }], perPage: 2 });
    expect(ids(big.rows)).toEqual([503, 501]);
    expect(big).toMatchObject({ total: 5, pageCount: 3 });
    expect(ids((await getAttachments({ siteId }, { sort: [{ id: 'size' }], perPage: 1 })).rows)).toEqual([
      502,
    ]);
  });

  it('one file by id, and the extensions in use', async () => {
    expect(await getAttachment(siteId, 503)).toMatchObject({ name: 'talk.mp3', threadId: 11 });
    expect(await getAttachment(siteId, 999)).toBeNull();
    expect((await getAttachmentExts(siteId)).sort()).toEqual(['jpg', 'mp3', 'pdf', 'png', 'svg']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getThread, getThreadAttachments, sendMessage } from '@/lib/infra/better-messages';
import { admin, ids, site, uniqueTag } from './support/site';
import { threadTracker } from './support/threads';
import { uploadFile } from './support/upload';

const threads = threadTracker();
const name = `${uniqueTag('contract-notes-')}.txt`;
const content = 'contract test attachment\n';
let threadId = 0;
let fileId = 0;
let messageId = 0;

beforeAll(async () => {
  threadId = (await threads.create([ids.user2], uniqueTag('contract attachments '))).threadId;
});

afterAll(() => threads.eraseAll());

describe('thread attachments', () => {
  it('a thread without files answers empty counts and no active type', async () => {
    const page = await getThreadAttachments(admin, threadId);
    expect(page).toMatchObject({ files: [], hasMore: false, page: 1 });
    expect(page.counts).toEqual({ photos: 0, videos: 0, audio: 0, files: 0 });
    expect(page.activeType).toBe('');
  });

  it('lists an uploaded file before it is sent, with no message yet', async () => {
    fileId = await uploadFile(site.admin, threadId, { name, type: 'text/plain', content });
    const page = await getThreadAttachments(admin, threadId);
    expect(page.files.map((f) => f.id)).toEqual([fileId]);
    expect(page.files[0]?.messageId).toBe(0);
  });

  it('lists a sent file with its message, counts and the picked type', async () => {
    messageId = (await sendMessage(admin, threadId, { message: 'with a file', fileIds: [fileId] }))
      .message_id;
    const page = await getThreadAttachments(admin, threadId);
    expect(page.counts).toEqual({ photos: 0, videos: 0, audio: 0, files: 1 });
    expect(page.activeType).toBe('files');
    const [file] = page.files;
    expect(file).toMatchObject({ id: fileId, name, mimeType: 'text/plain', ext: 'txt', messageId });
    expect(file?.size).toBe(content.length);
    expect(file?.url).toMatch(/^https?:\/\//);
    expect(file?.date?.local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('pages of one type carry neither counts nor activeType', async () => {
    const page = await getThreadAttachments(admin, threadId, { type: 'files', perPage: 1 });
    expect(page.files).toHaveLength(1);
    expect(page.hasMore).toBe(false);
    expect(page.counts).toBeUndefined();
    expect(page.activeType).toBeUndefined();
    expect((await getThreadAttachments(admin, threadId, { type: 'photos' })).files).toEqual([]);
  });

  it("shows the file in the message's meta", async () => {
    const bundle = await getThread(admin, threadId);
    const message = bundle.messages.find((m) => m.message_id === messageId);
    expect(message?.meta?.files?.map((f) => f.id)).toEqual([fileId]);
    expect(message?.meta?.files?.[0]).toMatchObject({ name, ext: 'txt', mimeType: 'text/plain' });
  });
});

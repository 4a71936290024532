import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBmClient } from './http';
import { COUNT_NARROWING_SENDER, getAdminMessagesByIds, getAdminMessages } from './messages-admin';
import { banUser, BAN_UNTIL_LIFTED_MINUTES, muteUser } from './participants';
import { clearMessages, getThread } from './threads';
import { addToList } from './moderation-lists';
import { json, routeOf, startTestServer, type TestServer } from '@/tests/support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const client = () =>
  createBmClient({ siteUrl: server.url, username: 'admin', appPassword: 'pw pw pw pw', retryBaseMs: 1 });

const row = (id: number) => ({
  id: String(id),
  sender: {
    id: '2',
    user_id: 2,
    name: 'A',
    avatar: '',
    url: false,
    verified: 0,
    lastActive: '1970-01-01 00:00:00',
  },
  thread_id: '4',
  message: 'm',
  time: '2026-11-26 10:00:00',
  participants: 2,
});
const page = (ids: number[]) => ({
  total: 100,
  page: 1,
  perPage: 20,
  pages: 5,
  reported: 0,
  pending: 0,
  messages: ids.map(row),
});

describe('clearMessages', () => {
  it('calls until the site reports 0 left, reporting progress', async () => {
    const left = [120, 70, 20, 0];
    let calls = 0;
    server.handle((req, res) => {
      expect(routeOf(req)).toBe('/better-messages/v1/thread/9/clearMessages');
      json(res, 200, left[calls++]);
    });
    const progress: number[] = [];
    const result = await clearMessages(client(), 9, (p) => progress.push(p.remaining));
    expect(progress).toEqual([120, 70, 20, 0]);
    expect(result.rounds).toBe(4);
  });

  it('stops when the count no longer falls', async () => {
    server.handle((_req, res) => json(res, 200, 50));
    await expect(clearMessages(client(), 9)).rejects.toMatchObject({ kind: 'bad-response' });
  });
});

describe('admin messages', () => {
  it('sends every filter', async () => {
    server.handle((_req, res) => json(res, 200, page([1])));
    await getAdminMessages(client(), {
      page: 2,
      senderBmUserId: -3,
      threadId: 4,
      search: 'x',
      reported: true,
      pending: true,
    });
    const url = new URL(server.seen.at(-1)!.url, server.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      page: '2',
      sender_id: '-3',
      thread_id: '4',
      search: 'x',
      reported: '1',
      pending: '1',
    });
  });

  it('sends the ids in a JSON body behind X-HTTP-Method-Override: GET', async () => {
    server.handle((req, res) =>
      json(res, 200, page((JSON.parse(req.body) as { message_ids: number[] }).message_ids)),
    );
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
    const result = await getAdminMessagesByIds(client(), [...ids, 5]);
    const req = server.seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers['x-http-method-override']).toBe('GET');
    expect(result).toMatchObject({
      asked: 2000,
      returned: 2000,
      possiblyTruncated: false,
      transport: 'json-body',
    });
  });

  it('falls back to message_ids[] batches and flags a batch PHP may have cut', async () => {
    server.handle((req, res) => {
      if (req.method === 'POST')
        return json(res, 404, { code: 'rest_no_route', message: 'No route', data: { status: 404 } });
      const ids = new URL(req.url, server.url).searchParams.getAll('message_ids[]').map(Number);
      json(res, 200, page(ids.slice(0, 200)));
    });
    const before = server.seen.length;
    const ids = Array.from({ length: 300 }, (_, i) => i + 1);
    const result = await getAdminMessagesByIds(client(), ids);
    expect(server.seen.length - before).toBe(3);
    expect(result).toMatchObject({ asked: 300, returned: 250, possiblyTruncated: true, transport: 'query' });
    expect(result.missingIds).toHaveLength(50);
  });

  it('narrows the count the plugin runs on every call, without losing rows', async () => {
    server.handle((req, res) =>
      json(res, 200, page((JSON.parse(req.body) as { message_ids: number[] }).message_ids)),
    );
    const result = await getAdminMessagesByIds(client(), [1, 2, 3]);
    const sent = new URL(server.seen.at(-1)!.url, server.url);
    expect(sent.searchParams.get('sender_id')).toBe(String(COUNT_NARROWING_SENDER));
    expect(result.returned).toBe(3);
  });

  // Keep last in this block: it teaches the client that this origin must not be narrowed.
  it('asks again without narrowing when a site applies the sender filter to the ids, and stops narrowing there', async () => {
    server.handle((req, res) => {
      const narrowed = new URL(req.url, server.url).searchParams.has('sender_id');
      const ids = (JSON.parse(req.body) as { message_ids: number[] }).message_ids;
      json(res, 200, page(narrowed ? [] : ids));
    });
    const before = server.seen.length;
    const first = await getAdminMessagesByIds(client(), [7, 8]);
    expect(first).toMatchObject({ returned: 2, missingIds: [] });
    expect(server.seen.length - before).toBe(2);
    const second = await getAdminMessagesByIds(client(), [9]);
    expect(second.returned).toBe(1);
    expect(server.seen.length - before).toBe(3);
    expect(new URL(server.seen.at(-1)!.url, server.url).searchParams.has('sender_id')).toBe(false);
  });
});

describe('bodies of writes', () => {
  it('sends durations in minutes, at least 1, "until lifted" by default for bans', async () => {
    server.handle((_req, res) => json(res, 200, false));
    await muteUser(client(), 3, 5, 0.2);
    expect(JSON.parse(server.seen.at(-1)!.body)).toEqual({ user_id: 5, duration: 1 });
    await banUser(client(), 3, -5);
    expect(JSON.parse(server.seen.at(-1)!.body)).toEqual({ user_id: -5, duration: BAN_UNTIL_LIFTED_MINUTES });
  });

  it('names list fields as the plugin reads them', async () => {
    server.handle((_req, res) => json(res, 200, { success: true, message: 'ok' }));
    await addToList(client(), 'blacklist', { bmUserId: -4, threadId: 7, durationMinutes: 30 });
    expect(routeOf(server.seen.at(-1)!)).toBe('/better-messages/v1/admin/blacklistUser');
    expect(JSON.parse(server.seen.at(-1)!.body)).toEqual({ userId: -4, threadId: 7, duration: 30 });
  });

  it('opens a thread with a POST that is retried like a read', async () => {
    let calls = 0;
    server.handle((_req, res) =>
      ++calls === 1 ? json(res, 503, {}) : json(res, 200, { threads: [], users: [], messages: [] }),
    );
    await getThread(client(), 4);
    expect(calls).toBe(2);
    expect(server.seen.at(-1)!.method).toBe('POST');
  });
});

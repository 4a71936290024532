/**
 * The admin viewer's times are site-local text. The connection test reads the site's
 * `gmt_offset`; it is kept with the site, and every client made from the stored credentials
 * turns those times into the right instant.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getAdminMessages } from '@/lib/infra/better-messages';
import { json, routeOf, startTestServer, type TestServer } from '@/tests/support/test-server';
import { checkConnection } from './check-connection';
import { deleteSite, insertSite } from './queries';
import { siteClient } from './site-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  server.handle((req, res) => {
    const route = routeOf(req);
    if (route === '/' || route === '')
      return json(res, 200, {
        name: 'Kolkata',
        gmt_offset: '5.5',
        namespaces: ['wp/v2', 'better-messages/v1'],
        routes: { '/better-messages/v1/admin/getMessages': {} },
      });
    if (route === '/wp/v2/users/me')
      return json(res, 200, { id: 1, name: 'Admin', roles: ['administrator'] });
    if (route === '/better-messages/v1/admin/settings/get')
      return json(res, 200, { settings: { messagesViewer: '1' }, roles: [], pages: [] });
    if (route === '/better-messages/v1/admin/getMessages')
      return json(res, 200, {
        total: 1,
        page: 1,
        perPage: 20,
        pages: 1,
        reported: 0,
        pending: 0,
        messages: [
          {
            id: '9',
            sender: { id: '2', user_id: 2, name: 'A', avatar: '', url: false, verified: 0 },
            thread_id: '4',
            message: 'namaste',
            time: '2026-11-26 17:30:00',
            participants: 2,
          },
        ],
      });
    json(res, 404, { code: 'rest_no_route', message: 'No route', data: { status: 404 } });
  });
});
afterAll(() => server.close());

it('keeps the site’s UTC offset from the connection test and reads site-local times with it', async () => {
  const creds = { siteUrl: server.url, username: 'admin', appPassword: 'abcd efgh ijkl mnop qrst uvwx' };
  const probe = await checkConnection(creds);
  expect(probe).toMatchObject({ status: 'ok', utcOffsetMinutes: 330 });
  const { id } = await insertSite({ name: `Offset ${Date.now()}`, url: server.url, ...creds, probe });
  try {
    const client = await siteClient(id);
    expect(client.siteUtcOffsetMinutes).toBe(330);
    const [message] = (await getAdminMessages(client)).messages;
    expect(message!.time.date!.toISOString()).toBe('2026-11-26T12:00:00.000Z');
  } finally {
    await deleteSite(id);
  }
});

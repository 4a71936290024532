import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_MESSAGES, probeSite } from './probe';
import {
  closedPortUrl,
  html,
  json,
  routeOf,
  startTestServer,
  type SeenRequest,
  type TestServer,
} from '@/tests/support/test-server';
import type http from 'node:http';

const creds = { username: 'admin', appPassword: 'abcd efgh ijkl mnop qrst uvwx' };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const index = (namespaces: string[], routes: string[] = []) => ({
  name: 'Site',
  gmt_offset: '5.5',
  namespaces,
  routes: Object.fromEntries(routes.map((r) => [r, {}])),
});

const fullRoutes = [
  '/better-messages/v1/reports/deleteReport',
  '/better-messages/v1/thread/(?P<id>\\d+)/upload',
  '/better-messages/v1/thread/(?P<id>\\d+)/mute',
];

const settings = {
  settings: {
    messagesViewer: '1',
    allowReports: '1',
    messagesPremoderation: '0',
    attachmentsEnable: '1',
    guestChat: '1',
    allowMuteThreads: '1',
  },
  roles: [],
  pages: [],
};

/** A WordPress with Better Messages; `override` replaces the answer for some routes. */
function wordpress(
  override: (route: string, req: SeenRequest, res: http.ServerResponse) => boolean = () => false,
) {
  return (req: SeenRequest, res: http.ServerResponse) => {
    const route = routeOf(req);
    if (override(route, req, res)) return;
    if (route === '/' || route === '')
      return json(res, 200, index(['wp/v2', 'better-messages/v1'], fullRoutes));
    if (route === '/wp/v2/users/me')
      return json(res, 200, { id: 1, name: 'Site Admin', roles: ['administrator'] });
    if (route === '/better-messages/v1/admin/settings/get') return json(res, 200, settings);
    if (route === '/wp/v2/plugins') {
      return json(res, 200, [
        { plugin: 'bp-better-messages/bp-better-messages', version: '2.15.28', status: 'active' },
      ]);
    }
    json(res, 404, { code: 'rest_no_route', message: 'No route', data: { status: 404 } });
  };
}

const probe = () => probeSite({ siteUrl: server.url, ...creds });

describe('probeSite', () => {
  it('reports the user, mode, modules and version of a good site', async () => {
    server.handle(wordpress());
    expect(await probe()).toEqual({
      ok: true,
      wpUser: { id: 1, name: 'Site Admin', roles: ['administrator'] },
      restMode: 'pretty',
      modules: {
        messagesViewer: true,
        reports: true,
        premoderation: false,
        attachments: true,
        guests: true,
        muteThreads: true,
      },
      pluginVersion: '2.15.28',
      utcOffsetMinutes: 330,
    });
  });

  it('trusts routes over settings for modules, and finds ?rest_route= sites', async () => {
    server.handle((req, res) => {
      if (req.url.startsWith('/wp-json')) return html(res, 404, '<html>Not Found</html>');
      if (routeOf(req) === '/') return json(res, 200, index(['wp/v2', 'better-messages/v1'], []));
      return wordpress()(req, res);
    });
    const result = await probe();
    expect(result).toMatchObject({ ok: true, restMode: 'query' });
    if (result.ok)
      expect(result.modules).toMatchObject({ reports: false, attachments: false, muteThreads: false });
  });

  it('unreachable: closed port', async () => {
    const result = await probeSite({ siteUrl: await closedPortUrl(), ...creds });
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    if (!result.ok) expect(result.message).toMatch(/refused the connection/);
  });

  it('blocked address', async () => {
    expect(await probeSite({ siteUrl: 'http://169.254.169.254', ...creds })).toMatchObject({
      reason: 'blocked-address',
    });
  });

  it('not WordPress: a plain HTML site', async () => {
    server.handle((_req, res) => html(res, 200, '<html><body>Hello from a static site</body></html>'));
    expect(await probe()).toEqual({
      ok: false,
      reason: 'not-wordpress',
      message: PROBE_MESSAGES['not-wordpress'],
    });
  });

  it('REST disabled: WordPress pages, no REST index', async () => {
    server.handle((req, res) =>
      req.url === '/'
        ? html(res, 200, '<html><link rel="stylesheet" href="/wp-content/themes/x/style.css"></html>')
        : html(res, 404, '<html>Not Found</html>'),
    );
    expect(await probe()).toEqual({
      ok: false,
      reason: 'rest-disabled',
      message: PROBE_MESSAGES['rest-disabled'],
    });
  });

  it('REST disabled: a plugin answering rest_disabled even with credentials', async () => {
    server.handle((_req, res) =>
      json(res, 403, { code: 'rest_disabled', message: 'The REST API is disabled', data: { status: 403 } }),
    );
    expect(await probe()).toMatchObject({ ok: false, reason: 'rest-disabled' });
  });

  it('REST closed to anonymous callers only is fine', async () => {
    server.handle(
      wordpress((route, req, res) => {
        if (route !== '/' || req.headers.authorization) return false;
        json(res, 401, { code: 'rest_login_required', message: 'Login required', data: { status: 401 } });
        return true;
      }),
    );
    expect(await probe()).toMatchObject({ ok: true });
  });

  it('plugin missing', async () => {
    server.handle(wordpress((route, _req, res) => route === '/' && (json(res, 200, index(['wp/v2'])), true)));
    expect(await probe()).toEqual({
      ok: false,
      reason: 'plugin-missing',
      message: PROBE_MESSAGES['plugin-missing'],
    });
  });

  it('wrong credentials (what WordPress 6.1 answers for a bad application password)', async () => {
    server.handle(
      wordpress(
        (route, _req, res) =>
          route === '/wp/v2/users/me' &&
          (json(res, 401, {
            code: 'rest_not_logged_in',
            message: 'You are not currently logged in.',
            data: { status: 401 },
          }),
          true),
      ),
    );
    const result = await probe();
    expect(result).toEqual({
      ok: false,
      reason: 'bad-credentials',
      message: PROBE_MESSAGES['bad-credentials'],
    });
  });

  it('not an administrator', async () => {
    server.handle(
      wordpress((route, _req, res) => {
        if (route === '/wp/v2/users/me')
          return (json(res, 200, { id: 2, name: 'Alice', roles: ['subscriber'] }), true);
        if (route === '/better-messages/v1/admin/settings/get') {
          return (
            json(res, 403, {
              code: 'rest_forbidden',
              message: 'Sorry, you are not allowed to do that.',
              data: { status: 403 },
            }),
            true
          );
        }
        return false;
      }),
    );
    expect(await probe()).toEqual({ ok: false, reason: 'not-admin', message: PROBE_MESSAGES['not-admin'] });
  });

  it('refuses a cross-origin redirect', async () => {
    server.handle((_req, res) => {
      res.writeHead(301, { location: 'https://www.example.com/wp-json/' });
      res.end();
    });
    expect(await probe()).toEqual({
      ok: false,
      reason: 'redirect',
      message: 'The site redirects to https://www.example.com; connect that address instead.',
    });
  });
});

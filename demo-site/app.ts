import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx } from './context';
import { authenticate } from './http/auth';
import { control, type ControlDeps } from './http/control';
import { MAINTENANCE_HTML, NOT_WORDPRESS_HTML, WAF_HTML, wordpressHomeHtml } from './http/faults';
import { parseMultipart } from './http/multipart';
import { activeRoutes, compile, dispatch, type RouteDef, type UploadedFile } from './http/router';
import {
  baseHeaders,
  mergeParams,
  parsePhpQuery,
  RawResponse,
  readBody,
  send,
  WpError,
  wpJson,
  type Params,
} from './http/wp';
import { getSettings } from './model/settings';
import { adminMessageRoutes } from './routes/admin-messages';
import { adminSettingsRoutes } from './routes/admin-settings';
import { adminUserRoutes } from './routes/admin-users';
import { attachmentRoutes, serveUpload } from './routes/attachments';
import { coreRoutes } from './routes/core';
import { indexRoutes } from './routes/index-routes';
import { reportRoutes } from './routes/reports';
import { threadModerationRoutes } from './routes/thread-moderation';
import { threadRoutes } from './routes/threads';

const PLUGIN_ROUTES: RouteDef[] = [
  ...threadRoutes,
  ...threadModerationRoutes,
  ...attachmentRoutes,
  ...reportRoutes,
  ...adminMessageRoutes,
  ...adminUserRoutes,
  ...adminSettingsRoutes,
];

const COMPILED = compile([...coreRoutes, ...PLUGIN_ROUTES]);

/** The REST route of a request: `/wp-json/<route>` or `?rest_route=<route>` (sites without permalinks). */
function restRoute(url: URL): string | null {
  const fromQuery = url.searchParams.get('rest_route');
  if (fromQuery !== null) return fromQuery.replace(/\/+$/, '') || '/';
  if (url.pathname === '/wp-json' || url.pathname.startsWith('/wp-json/')) {
    return decodeURIComponent(url.pathname.slice('/wp-json'.length)).replace(/\/+$/, '') || '/';
  }
  return null;
}

/**
 * WP_REST_Server::serve_request: `?_method=` or the `X-HTTP-Method-Override` header replaces the
 * HTTP method, so a POST carrying a JSON body can reach a GET route (JSON params are read for GET too).
 */
function restMethod(req: IncomingMessage, url: URL): string {
  const override = url.searchParams.get('_method') ?? req.headers['x-http-method-override'];
  return typeof override === 'string' && override !== '' ? override.toUpperCase() : (req.method ?? 'GET');
}

async function readParams(req: IncomingMessage, url: URL, maxVars: number) {
  const query = parsePhpQuery(url.search.slice(1), maxVars);
  delete query.rest_route;
  const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let form: Params = {};
  let json: Params = {};
  let files: UploadedFile[] = [];
  if (type.includes('application/json') && body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Params;
    } catch {
      throw new WpError('rest_invalid_json', 'Invalid JSON body passed.', 400, {
        json_error_code: 4,
        json_error_message: 'Syntax error',
      });
    }
  } else if (type.includes('multipart/form-data')) {
    const parsed = parseMultipart(body, type);
    form = parsed.fields;
    files = parsed.files;
  } else if (body.length > 0) {
    form = parsePhpQuery(body.toString('utf8'), maxVars);
  }
  return {
    params: { ...mergeParams(query, form, json), __json: Object.keys(json).length > 0 ? json : undefined },
    files,
  };
}

export function createHandler(ctx: Ctx, deps: ControlDeps) {
  const { faults, stats } = deps;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', ctx.url);
    if (url.pathname.startsWith('/__demo/')) return control(ctx, deps, req, res, url);
    const f = faults.faults;
    const route = f.plainPermalinks && !url.searchParams.has('rest_route') ? null : restRoute(url);
    stats.count(route ?? url.pathname);
    if (route !== null) {
      stats.enter();
      res.once('close', () => stats.leave());
    }
    const html = (status: number, body: string, extra: Record<string, string> = {}) =>
      send(res, status, { 'Content-Type': 'text/html; charset=UTF-8', ...extra }, body);

    if (f.mode === 'not-wordpress')
      return html(route === null && url.pathname === '/' ? 200 : 404, NOT_WORDPRESS_HTML);
    if (route === null) {
      const file = serveUpload(ctx, url.pathname);
      if (file) {
        stats.enterFile();
        res.once('close', () => stats.leaveFile());
        if (f.fileLatencyMs) await new Promise((r) => setTimeout(r, f.fileLatencyMs));
        return send(res, file.status, file.headers, file.body);
      }
      return url.pathname === '/'
        ? html(200, wordpressHomeHtml(ctx.url, f.mode !== 'rest-disabled'))
        : html(404, '<h1>Page not found</h1>');
    }
    const headers = baseHeaders(ctx.url);
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      stats.status(status);
      let text = wpJson(body);
      if (f.malformedJson && faults.applies(route))
        text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      send(res, status, { ...headers, ...extra }, text);
    };

    if (faults.applies(route)) {
      if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f.rateLimit) return html(429, WAF_HTML, { 'Retry-After': String(f.rateLimit.retryAfterSeconds) });
      if (f.maintenance) return html(503, MAINTENANCE_HTML, { 'Retry-After': '600' });
      if (f.mode === 'rest-disabled') {
        // What "Disable WP REST API"-style plugins answer (rest_authentication_errors filter).
        return reply(
          401,
          new WpError('rest_login_required', 'REST API restricted to authenticated users.', 401).body(),
        );
      }
      if (faults.shouldFail()) {
        return reply(500, {
          code: 'internal_server_error',
          message: '<p>There has been a critical error on this website.</p>',
          data: { status: 500 },
          additional_errors: [],
        });
      }
    }

    try {
      const { params, files } = await readParams(req, url, f.maxInputVars ?? 1000);
      const caller = authenticate(ctx.db, req);
      const pluginOn = f.mode !== 'plugin-missing';
      const routes = activeRoutes(COMPILED, getSettings(ctx.db), []).filter(
        (r) => (pluginOn || !r.ns.startsWith('better-messages')) && !faults.isRouteOff(r.group, r.full),
      );
      const all = [...compile(indexRoutes(ctx, routes)), ...routes];
      stats.handled(route);
      const { allow, result } = dispatch(all, {
        ctx,
        method: restMethod(req, url),
        route,
        params,
        caller,
        files,
      });
      if (result instanceof RawResponse) {
        stats.status(result.status);
        return send(res, result.status, { ...headers, ...result.headers }, result.body);
      }
      reply(200, result, { Allow: allow.join(', ') });
    } catch (err) {
      if (err instanceof WpError) return reply(err.status, err.body());
      console.error(err);
      reply(500, { code: 'internal_server_error', message: String(err), data: { status: 500 } });
    }
  };
}

import type { Ctx } from '../context';
import type { Settings } from '../model/settings';
import { authCode, type Caller } from './auth';
import { noRoute, WpError, type Params } from './wp';

export interface Req {
  ctx: Ctx;
  method: string;
  route: string;
  params: Params;
  caller: Caller;
  /** Named groups of the route pattern (`id`, `user_id`, ...). */
  path: Record<string, string>;
  files: UploadedFile[];
}

export interface UploadedFile {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

/**
 * public: no check. user: is_user_authorized (WP user or guest). thread: check_thread_access.
 * admin: bm_can_administrate. manage: manage_options. Or a function returning true / false / WpError.
 */
type Permission = 'public' | 'user' | 'thread' | 'admin' | 'manage' | ((req: Req) => boolean | WpError);

export interface RouteDef {
  ns: string;
  /** WordPress route pattern, e.g. `/thread/(?P<id>\d+)/send`. */
  path: string;
  methods: string[];
  permission: Permission;
  handler: (req: Req) => unknown;
  /** Registered only when this returns true (modules switched on by settings). */
  enabled?: (settings: Settings) => boolean;
  /** Fault-injection group for `routesOff` (e.g. "reports"). */
  group?: string;
}

interface Compiled extends RouteDef {
  full: string;
  re: RegExp;
}

export function compile(routes: RouteDef[]): Compiled[] {
  return routes.map((r) => {
    const full = `/${r.ns}${r.path}`;
    return { ...r, full, re: new RegExp(`^${full.replace(/\(\?P</g, '(?<')}$`) };
  });
}

export function activeRoutes(routes: Compiled[], settings: Settings, routesOff: string[]): Compiled[] {
  return routes.filter(
    (r) => (!r.enabled || r.enabled(settings)) && !(r.group && routesOff.includes(r.group)),
  );
}

function checkPermission(route: RouteDef, req: Req): true | WpError {
  const { caller } = req;
  const forbidden = () =>
    new WpError('rest_forbidden', 'Sorry, you are not allowed to do that.', authCode(caller));
  const p = route.permission;
  if (p === 'public') return true;
  if (typeof p === 'function') {
    const r = p(req);
    return r === true ? true : r === false ? forbidden() : r;
  }
  if (caller.guestError && p !== 'thread') return caller.guestError;
  if (p === 'user') return caller.id !== 0 ? true : forbidden();
  if (p === 'admin') return caller.canAdministrate ? true : forbidden();
  if (p === 'manage') return caller.manageOptions ? true : forbidden();
  return threadAccess(req);
}

/**
 * check_thread_access: note the plugin checks that the thread exists before anything else and does
 * not stop anonymous callers first, so a logged-out caller learns 401 rest_thread_not_exists.
 */
function threadAccess(req: Req): true | WpError {
  const { caller, ctx } = req;
  if (caller.guestError) return caller.guestError;
  const threadId = Number(req.path.id);
  const thread = ctx.db.prepare('SELECT id FROM threads WHERE id = ?').get(threadId);
  if (!thread) {
    return new WpError(
      'rest_thread_not_exists',
      'Sorry, the conversation which you tried to access does not exists',
      authCode(caller),
    );
  }
  if (caller.canAdministrate) return true;
  const member = ctx.db
    .prepare('SELECT 1 FROM recipients WHERE thread_id = ? AND user_id = ?')
    .get(threadId, caller.id);
  if (caller.id !== 0 && member) return true;
  return new WpError(
    'rest_thread_forbidden',
    'Sorry, you are not allowed to access this conversation',
    authCode(caller),
  );
}

export function dispatch(routes: Compiled[], req: Omit<Req, 'path'>): { allow: string[]; result: unknown } {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const matching = routes.map((r) => ({ r, m: r.re.exec(req.route) })).filter((x) => x.m !== null);
  const hit = matching.find((x) => x.r.methods.includes(method));
  if (!hit) throw noRoute();
  const full: Req = { ...req, path: { ...(hit.m?.groups ?? {}) } };
  full.params = { ...full.params, ...full.path };
  const allowed = checkPermission(hit.r, full);
  if (allowed !== true) throw allowed;
  const allow = [...new Set(matching.flatMap((x) => x.r.methods))];
  return { allow, result: hit.r.handler(full) };
}

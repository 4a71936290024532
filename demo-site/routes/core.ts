import type { Req, RouteDef } from '../http/router';
import { strParam, WpError } from '../http/wp';
import type { UserRow } from '../model/users';
import { userItem } from '../model/users';

const CAPS: Record<string, string[]> = {
  administrator: [
    'switch_themes',
    'edit_themes',
    'activate_plugins',
    'edit_plugins',
    'edit_users',
    'manage_options',
    'moderate_comments',
    'upload_files',
    'edit_posts',
    'edit_others_posts',
    'publish_posts',
    'edit_pages',
    'read',
    'delete_users',
    'create_users',
    'list_users',
    'remove_users',
    'promote_users',
    'level_10',
    'level_0',
  ],
  subscriber: ['read', 'level_0'],
};

/** GET /wp/v2/users/me; `context=edit` adds roles and capabilities (what a setup screen checks). */
function usersMe(req: Req) {
  const u = req.caller.user;
  if (!u) throw new WpError('rest_not_logged_in', 'You are not currently logged in.', 401);
  return meItem(req, u);
}

function meItem(req: Req, u: UserRow) {
  const site = req.ctx.url;
  const item = userItem(req.ctx, u.id);
  const avatar = (size: number) => (item?.avatar ?? '').replace('s=100', `s=${size}`);
  const base = {
    id: u.id,
    name: u.display_name,
    url: u.role === 'administrator' ? site : '',
    description: '',
    link: `${site}/author/${u.nicename}/`,
    slug: u.nicename,
    avatar_urls: { 24: avatar(24), 48: avatar(48), 96: avatar(96) },
    meta: { persisted_preferences: [] },
    _links: {
      self: [{ href: `${site}/wp-json/wp/v2/users/${u.id}` }],
      collection: [{ href: `${site}/wp-json/wp/v2/users` }],
    },
  };
  if (strParam(req.params, 'context') !== 'edit') return base;
  const caps: Record<string, boolean> = Object.fromEntries((CAPS[u.role] ?? ['read']).map((c) => [c, true]));
  if (req.caller.canAdministrate) caps.bm_can_administrate = true;
  if (u.role === 'administrator') caps.bm_can_bulk_message = true;
  caps[u.role] = true;
  const { avatar_urls, meta, _links, ...view } = base;
  return {
    ...view,
    username: u.login,
    first_name: u.first_name,
    last_name: u.last_name,
    email: u.email,
    locale: 'en_US',
    nickname: u.login,
    roles: [u.role],
    registered_date: `${u.registered.replace(' ', 'T')}+00:00`,
    capabilities: caps,
    extra_capabilities: { [u.role]: true },
    avatar_urls,
    meta,
    _links,
  };
}

/**
 * GET /wp/v2/users: the site's WordPress users, filtered by `roles` (comma list or array) the way
 * core filters them; `roles` needs `list_users` (administrators). Paged by `page` and `per_page` (≤100).
 */
function usersList(req: Req) {
  const raw = req.params.roles;
  const roles = (Array.isArray(raw) ? raw.map(String) : strParam(req.params, 'roles').split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length > 0 && !req.caller.manageOptions)
    throw new WpError('rest_user_cannot_view', 'Sorry, you are not allowed to filter users by role.', 403);
  const perPage = Math.min(Math.max(Number(strParam(req.params, 'per_page')) || 10, 1), 100);
  const page = Math.max(Number(strParam(req.params, 'page')) || 1, 1);
  const rows = req.ctx.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
  const matching = roles.length > 0 ? rows.filter((u) => roles.includes(u.role)) : rows;
  const edit = strParam(req.params, 'context') === 'edit';
  return matching.slice((page - 1) * perPage, page * perPage).map((u) => ({
    id: u.id,
    name: u.display_name,
    slug: u.nicename,
    link: `${req.ctx.url}/author/${u.nicename}/`,
    ...(edit ? { username: u.login, email: u.email, roles: [u.role] } : {}),
  }));
}

export const coreRoutes: RouteDef[] = [
  { ns: 'wp/v2', path: '/users/me', methods: ['GET'], permission: 'public', handler: usersMe },
  { ns: 'wp/v2', path: '/users', methods: ['GET'], permission: 'public', handler: usersList },
];

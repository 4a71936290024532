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

export const coreRoutes: RouteDef[] = [
  { ns: 'wp/v2', path: '/users/me', methods: ['GET'], permission: 'public', handler: usersMe },
];

import type { Req, RouteDef } from '../http/router';
import { intParam, strParam, WpError } from '../http/wp';
import { chatRoomItem, type ChatRoomRow } from '../model/chat-rooms';
import { getSettings, saveSettings } from '../model/settings';

const NS = 'better-messages/v1';

const ROLES = [
  { key: 'administrator', name: 'Administrator' },
  { key: 'editor', name: 'Editor' },
  { key: 'author', name: 'Author' },
  { key: 'contributor', name: 'Contributor' },
  { key: 'subscriber', name: 'Subscriber' },
  { key: 'bm-guest', name: 'Guests' },
];

function saveRoute(req: Req) {
  // Only a JSON body counts (get_json_params); form fields or `{}` are "no settings".
  const data = req.params.__json as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
    throw new WpError('invalid_data', 'No settings provided', 400);
  }
  const patch = { ...data };
  delete patch.emojiSettings;
  const settings = Object.keys(patch).length > 0 ? saveSettings(req.ctx.db, patch) : getSettings(req.ctx.db);
  return { success: true, settings: { ...settings, emailCustomHtml: '' } };
}

function listRooms(req: Req) {
  const page = Math.max(1, intParam(req.params, 'page') || 1);
  let perPage = intParam(req.params, 'per_page') || 20;
  if (perPage > 100) perPage = 100;
  const search = strParam(req.params, 'search');
  const rows = req.ctx.db
    .prepare(`SELECT * FROM chat_rooms ${search ? 'WHERE title LIKE ?' : ''} ORDER BY id DESC`)
    .all(...(search ? [`%${search}%`] : [])) as ChatRoomRow[];
  return {
    items: rows.slice((page - 1) * perPage, page * perPage).map((r) => chatRoomItem(req.ctx, r)),
    total: rows.length,
    page,
    perPage,
    pages: Math.ceil(rows.length / perPage),
  };
}

/** GET /getChatRooms (public): the real site listed nothing to an anonymous caller; members see joined rooms. */
function publicRooms(req: Req) {
  const page = Math.max(1, intParam(req.params, 'page') || 1);
  const perPage = Math.min(100, intParam(req.params, 'per_page') || 20);
  const rows =
    req.caller.id === 0
      ? []
      : (req.ctx.db
          .prepare(
            "SELECT c.* FROM chat_rooms c WHERE c.status = 'publish' AND c.thread_id IN (SELECT thread_id FROM recipients WHERE user_id = ?) ORDER BY c.id",
          )
          .all(req.caller.id) as ChatRoomRow[]);
  const items = rows.slice((page - 1) * perPage, page * perPage).map((r) => {
    const members = (
      req.ctx.db.prepare('SELECT COUNT(*) AS n FROM recipients WHERE thread_id = ?').get(r.thread_id) as {
        n: number;
      }
    ).n;
    return {
      chat_id: r.id,
      thread_id: r.thread_id,
      title: r.title,
      image: '',
      isJoined: true,
      canJoin: false,
      memberCount: members,
      participants: [],
      showOnline: false,
      ephemeral: false,
    };
  });
  return { items, page, perPage, hasMore: rows.length > page * perPage };
}

export const adminSettingsRoutes: RouteDef[] = [
  {
    ns: `${NS}/admin`,
    path: '/settings/get',
    methods: ['GET'],
    permission: 'manage',
    handler: (req) => ({
      settings: getSettings(req.ctx.db),
      roles: ROLES,
      pages: [{ id: 2, title: 'Sample Page' }],
    }),
  },
  { ns: `${NS}/admin`, path: '/settings/save', methods: ['POST'], permission: 'manage', handler: saveRoute },
  { ns: `${NS}/admin`, path: '/chat-rooms', methods: ['GET'], permission: 'manage', handler: listRooms },
  { ns: NS, path: '/getChatRooms', methods: ['GET'], permission: 'public', handler: publicRooms },
];

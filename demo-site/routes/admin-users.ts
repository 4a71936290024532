import type { Ctx } from '../context';
import type { Req, RouteDef } from '../http/router';
import { has, intArrayParam, intParam, RawResponse, strParam, WpError } from '../http/wp';
import {
  canAdministrateUser,
  isListed,
  listedUsers,
  listUser,
  unlistUser,
  type ListType,
} from '../model/moderation';
import { deletedUserItem, userItem, type GuestRow, type UserItem } from '../model/users';
import { localString } from '../time';
import { approve, deleteMessagesHard } from './admin-messages';

const NS = 'better-messages/v1/admin';

const optInt = (req: Req, name: string) => (has(req.params, name) ? intParam(req.params, name) : null);

function requireUser(req: Req): number {
  const id = intParam(req.params, 'userId');
  if (!id) throw new WpError('invalid_user', 'Invalid user ID', 400);
  return id;
}

function listRoute(type: ListType, on: boolean) {
  const verb = type === 'whitelist' ? 'whitelist' : 'blacklist';
  return (req: Req) => {
    const userId = requireUser(req);
    const ok = on
      ? listUser(req.ctx.db, type, userId, optInt(req, 'threadId'), optInt(req, 'duration'), req.caller.id)
      : unlistUser(req.ctx.db, type, userId, optInt(req, 'threadId'));
    if (!ok) {
      throw on
        ? new WpError(`${verb}_failed`, `Failed to ${verb} user`, 500)
        : new WpError(`un${verb}_failed`, `Failed to remove user from ${verb}`, 500);
    }
    return {
      success: true,
      message: on ? `User ${verb}ed successfully` : `User removed from ${verb} successfully`,
    };
  };
}

function listedRoute(type: ListType) {
  return (req: Req) => ({
    success: true,
    users: listedUsers(req.ctx.db, type, optInt(req, 'threadId')).map((e) => {
      const item: Record<string, unknown> = {
        ...userItem(req.ctx, e.userId),
        expiration: e.expiration,
        admin_id: String(e.adminId),
      };
      if (e.adminId) item.admin = userItem(req.ctx, e.adminId);
      return item;
    }),
  });
}

function pendingIds(ctx: Ctx, userId: number): number[] {
  return (
    ctx.db.prepare('SELECT id FROM messages WHERE sender_id = ? AND is_pending = 1').all(userId) as {
      id: number;
    }[]
  ).map((r) => r.id);
}

const USER_SEARCH = `(CAST(id AS TEXT) = ? OR nicename LIKE ? OR display_name LIKE ? OR first_name LIKE ? OR last_name LIKE ? OR email LIKE ?)`;

/** Both shapes: no page/per_page → array of ≤10 (or [] without search); with them → {items, page, hasMore}. */
function searchUsers(req: Req) {
  const search = strParam(req.params, 'search');
  const paged = has(req.params, 'page') || has(req.params, 'per_page');
  const page = Math.max(1, intParam(req.params, 'page') || 1);
  let perPage = intParam(req.params, 'per_page');
  if (perPage <= 0 || perPage > 100) perPage = paged ? 20 : 10;
  if (!search && !paged) return [];
  const like = `%${search}%`;
  // The plugin's user index includes guests (negative ids) unless exclude_guests is set.
  const users = req.ctx.db
    .prepare(`SELECT id, display_name AS name FROM users ${search ? `WHERE ${USER_SEARCH}` : ''}`)
    .all(...(search ? [search, like, like, like, like, like] : [])) as { id: number; name: string }[];
  const guests = strParam(req.params, 'exclude_guests')
    ? []
    : (req.ctx.db
        .prepare(
          `SELECT -id AS id, name FROM guests WHERE deleted_at IS NULL ${search ? 'AND (name LIKE ? OR email LIKE ?)' : ''}`,
        )
        .all(...(search ? [like, like] : [])) as { id: number; name: string }[]);
  const all = [...users, ...guests].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const slice = all.slice((page - 1) * perPage, page * perPage);
  const items = slice.map((u) => userItem(req.ctx, u.id)).filter((u): u is UserItem => u !== null);
  return paged ? { items, page, hasMore: all.length > page * perPage } : items;
}

function guestItem(ctx: Ctx, g: GuestRow) {
  const count = (sql: string) => (ctx.db.prepare(sql).get(-g.id) as { n: number }).n;
  return {
    ...userItem(ctx, -g.id),
    id: g.id,
    email: g.email,
    ip: g.ip,
    createdAt: localString(g.created_at * 1000),
    messages: String(count('SELECT COUNT(*) AS n FROM messages WHERE sender_id = ?')),
    conversations: String(count('SELECT COUNT(*) AS n FROM recipients WHERE user_id = ?')),
    isWhitelisted: isListed(ctx.db, 'whitelist', -g.id),
    isBlacklisted: isListed(ctx.db, 'blacklist', -g.id),
  };
}

function getGuests(req: Req) {
  const page = has(req.params, 'page') ? intParam(req.params, 'page') : 1;
  const search = strParam(req.params, 'search').trim();
  const where = `deleted_at IS NULL AND ip NOT LIKE 'ai-chat-bot-%'${search ? ' AND (name LIKE ? OR email LIKE ? OR ip LIKE ?)' : ''}`;
  const args = search ? [`%${search}%`, `%${search}%`, `%${search}%`] : [];
  const total = (
    req.ctx.db.prepare(`SELECT COUNT(*) AS n FROM guests WHERE ${where}`).get(...args) as { n: number }
  ).n;
  const rows = req.ctx.db
    .prepare(`SELECT * FROM guests WHERE ${where} ORDER BY id LIMIT 20 OFFSET ?`)
    .all(...args, page > 1 ? (page - 1) * 20 : 0) as GuestRow[];
  return {
    total,
    page,
    perPage: 20,
    pages: Math.ceil(total / 20),
    users: rows.map((g) => guestItem(req.ctx, g)),
  };
}

export const adminUserRoutes: RouteDef[] = [
  ...(['whitelist', 'blacklist'] as const).flatMap((type): RouteDef[] => {
    const T = type === 'whitelist' ? 'Whitelist' : 'Blacklist';
    return [
      {
        ns: NS,
        path: `/${type}User`,
        methods: ['POST'],
        permission: 'admin',
        handler: listRoute(type, true),
      },
      {
        ns: NS,
        path: `/un${type}User`,
        methods: ['POST'],
        permission: 'admin',
        handler: listRoute(type, false),
      },
      { ns: NS, path: `/get${T}edUsers`, methods: ['GET'], permission: 'admin', handler: listedRoute(type) },
    ];
  }),
  {
    ns: NS,
    path: '/whitelistUserAndApproveAllMessages',
    methods: ['POST'],
    permission: 'admin',
    handler: (req) => {
      const userId = requireUser(req);
      if (
        !listUser(
          req.ctx.db,
          'whitelist',
          userId,
          optInt(req, 'threadId'),
          optInt(req, 'duration'),
          req.caller.id,
        )
      ) {
        throw new WpError('whitelist_failed', 'Failed to whitelist user', 500);
      }
      const approvedCount = pendingIds(req.ctx, userId).filter((id) =>
        approve(req.ctx, id, req.caller.id),
      ).length;
      return { success: true, message: 'User whitelisted and messages approved successfully', approvedCount };
    },
  },
  {
    ns: NS,
    path: '/blacklistUserAndDeleteAllPendingMessages',
    methods: ['POST'],
    permission: 'admin',
    handler: (req) => {
      const userId = requireUser(req);
      const ids = pendingIds(req.ctx, userId);
      deleteMessagesHard(req.ctx, ids);
      if (
        !listUser(
          req.ctx.db,
          'blacklist',
          userId,
          optInt(req, 'threadId'),
          optInt(req, 'duration'),
          req.caller.id,
        )
      ) {
        throw new WpError('blacklist_failed', 'Failed to blacklist user', 500);
      }
      return {
        success: true,
        message: 'User blacklisted and pending messages deleted successfully',
        deletedCount: ids.length,
      };
    },
  },
  { ns: NS, path: '/searchUsers', methods: ['GET'], permission: 'admin', handler: searchUsers },
  {
    ns: NS,
    path: '/getUsersByIds',
    methods: ['GET'],
    permission: 'admin',
    handler: (req) =>
      intArrayParam(req.params, 'ids')
        .filter((id) => id !== 0)
        .map((id) => userItem(req.ctx, id) ?? deletedUserItem(id)),
  },
  {
    ns: NS,
    path: '/getUser',
    methods: ['GET'],
    permission: 'admin',
    handler: (req) => {
      const id = requireUser(req);
      const { db } = req.ctx;
      const n = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
      const moderationStatus = isListed(db, 'blacklist', id)
        ? true
        : isListed(db, 'whitelist', id)
          ? false
          : null;
      return {
        ...userItem(req.ctx, id),
        messagesCount: n('SELECT COUNT(*) AS n FROM messages WHERE sender_id = ?'),
        conversationsCount: n('SELECT COUNT(*) AS n FROM recipients WHERE user_id = ?'),
        moderationStatus,
        isAdmin: canAdministrateUser(db, id),
      };
    },
  },
  {
    ns: NS,
    path: '/searchSenders',
    methods: ['GET'],
    permission: 'admin',
    handler: (req) => {
      const search = strParam(req.params, 'search');
      if (!search) return [];
      const like = `%${search}%`;
      const rows = req.ctx.db
        .prepare(
          `SELECT id FROM users WHERE id IN (SELECT DISTINCT sender_id FROM messages)
           AND (CAST(id AS TEXT) = ? OR nicename LIKE ? OR display_name LIKE ? OR first_name LIKE ? OR last_name LIKE ?) LIMIT 10`,
        )
        .all(search, like, like, like, like) as { id: number }[];
      return rows.map((r) => userItem(req.ctx, r.id));
    },
  },
  { ns: NS, path: '/getGuests', methods: ['GET'], permission: 'admin', handler: getGuests },
  {
    ns: NS,
    path: '/getGuest',
    methods: ['GET'],
    permission: 'admin',
    handler: (req) => {
      const id = intParam(req.params, 'guestId');
      if (!id) throw new WpError('invalid_guest', 'Invalid guest ID', 400);
      const g = req.ctx.db.prepare('SELECT * FROM guests WHERE id = ? AND deleted_at IS NULL').get(id) as
        GuestRow | undefined;
      if (!g) throw new WpError('guest_not_found', 'Guest not found', 404);
      return guestItem(req.ctx, g);
    },
  },
  {
    ns: NS,
    path: '/deleteAccount',
    methods: ['POST'],
    permission: 'admin',
    handler: (req) => {
      const ids = intArrayParam(req.params, 'userIds');
      if (ids.length === 0) return false;
      // Only guests are deleted (soft delete, and they leave chat rooms); WordPress users are untouched.
      for (const id of ids) {
        const guestId = Math.abs(id);
        const res = req.ctx.db
          .prepare('UPDATE guests SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
          .run(Math.floor(Date.now() / 1000), guestId);
        if (res.changes > 0) {
          req.ctx.db
            .prepare(
              "DELETE FROM recipients WHERE user_id = ? AND thread_id IN (SELECT id FROM threads WHERE type = 'chat-room')",
            )
            .run(-guestId);
        }
      }
      // The handler returns nothing; the real site answers 200 with an empty body.
      return new RawResponse(200, {}, '');
    },
  },
];

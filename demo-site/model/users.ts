import crypto from 'node:crypto';
import type { Ctx } from '../context';
import type { Db } from '../db';

export interface UserRow {
  id: number;
  login: string;
  nicename: string;
  display_name: string;
  first_name: string;
  last_name: string;
  email: string;
  role: string;
  registered: string;
  last_active: string;
  app_password: string;
  login_password: string;
  app_password_revoked: number;
  has_posts: number;
}

export interface GuestRow {
  id: number;
  name: string;
  email: string;
  ip: string;
  secret: string;
  created_at: number;
  last_active: string;
  deleted_at: number | null;
}

/** `rest_user_item`: ids as strings in `id`, numbers in `user_id`, `url` false unless the user has posts. */
export interface UserItem {
  id: string;
  user_id: number;
  name: string;
  avatar: string;
  url: string | false;
  verified: 0 | 1;
  lastActive: string;
  isFriend: 0;
  canVideo: 0;
  canAudio: 0;
}

export function getUser(db: Db, id: number): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

function getGuest(db: Db, guestId: number): GuestRow | undefined {
  return db.prepare('SELECT * FROM guests WHERE id = ?').get(Math.abs(guestId)) as GuestRow | undefined;
}

function gravatar(email: string): string {
  const hash = crypto.createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `http://${parseInt(hash[0] ?? '0', 16) % 3}.gravatar.com/avatar/${hash}?s=100&d=mm&r=g`;
}

/** rest_user_item() of a WordPress user id that does not exist (seen on the real plugin 2.15.28). */
export function deletedUserItem(id: number): UserItem {
  return {
    id: String(id),
    user_id: id,
    name: 'Deleted User',
    avatar: 'http://0.gravatar.com/avatar/?s=100&d=mm&r=g',
    url: false,
    verified: 0,
    lastActive: '1970-01-01 00:00:00',
    isFriend: 0,
    canVideo: 0,
    canAudio: 0,
  };
}

/** The User item of any id: positive = WordPress user, negative = guest. Null when nobody has that id. */
export function userItem(ctx: Ctx, id: number): UserItem | null {
  if (id < 0) {
    const g = getGuest(ctx.db, id);
    const deleted = !g || g.deleted_at !== null;
    return {
      id: String(id),
      user_id: id,
      name: deleted ? 'Deleted Guest' : g.name,
      avatar: gravatar(g?.email || `guest${-id}`),
      url: false,
      verified: 0,
      lastActive: g?.last_active ?? '1970-01-01 00:00:00',
      isFriend: 0,
      canVideo: 0,
      canAudio: 0,
    };
  }
  const u = getUser(ctx.db, id);
  if (!u) return null;
  return {
    id: String(u.id),
    user_id: u.id,
    name: u.display_name,
    avatar: gravatar(u.email),
    url: u.has_posts ? `${ctx.url}/author/${u.nicename}/` : false,
    verified: 0,
    lastActive: u.last_active,
    isFriend: 0,
    canVideo: 0,
    canAudio: 0,
  };
}

export function userItems(ctx: Ctx, ids: Iterable<number>): UserItem[] {
  const out: UserItem[] = [];
  const seen = new Set<number>();
  for (const id of ids) {
    if (id === 0 || seen.has(id)) continue;
    seen.add(id);
    const item = userItem(ctx, id);
    if (item) out.push(item);
  }
  return out;
}

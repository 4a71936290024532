import type { IncomingMessage } from 'node:http';
import type { Db } from '../db';
import { normaliseAppPassword } from '../seed/credentials';
import { getSettings } from '../model/settings';
import type { GuestRow, UserRow } from '../model/users';
import { WpError } from './wp';

/** Who is calling: 0 = anonymous, > 0 = WordPress user, < 0 = guest (via BM-Guest-* headers). */
export interface Caller {
  id: number;
  /** A WordPress user is logged in (decides 401 vs 403, like rest_authorization_required_code). */
  loggedIn: boolean;
  user?: UserRow;
  manageOptions: boolean;
  canAdministrate: boolean;
  /** Set when guest headers were sent but did not check out; plugin routes answer with it. */
  guestError?: WpError;
}

const ANONYMOUS: Caller = { id: 0, loggedIn: false, manageOptions: false, canAdministrate: false };

/**
 * HTTP Basic with an application password. Anything else (a login password, a revoked or wrong
 * application password, an unknown user) leaves the request anonymous: that is what WordPress 6.1
 * does, so plugin routes then answer 401 rest_forbidden and core routes 401 rest_not_logged_in.
 */
export function authenticate(db: Db, req: IncomingMessage): Caller {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const login = decoded.slice(0, sep);
    const password = normaliseAppPassword(decoded.slice(sep + 1));
    const user = db.prepare('SELECT * FROM users WHERE login = ? OR email = ?').get(login, login) as
      UserRow | undefined;
    if (user && !user.app_password_revoked && password !== '' && password === user.app_password) {
      const isAdmin = user.role === 'administrator';
      const adminRoles = (getSettings(db).administrationRoles as string[] | undefined) ?? [];
      return {
        id: user.id,
        loggedIn: true,
        user,
        manageOptions: isAdmin,
        canAdministrate: isAdmin || adminRoles.includes(user.role),
      };
    }
    return ANONYMOUS;
  }
  const guestId = Number(req.headers['bm-guest-id']);
  const secret = req.headers['bm-guest-secret'];
  if (guestId > 0 && typeof secret === 'string') {
    const guest = db.prepare('SELECT * FROM guests WHERE id = ? AND deleted_at IS NULL').get(guestId) as
      GuestRow | undefined;
    if (!guest) return { ...ANONYMOUS, guestError: new WpError('guest_not_found', 'Guest not found', 401) };
    if (guest.secret !== secret) {
      return {
        ...ANONYMOUS,
        guestError: new WpError('guest_secret_key_mismatch', 'Guest secret key mismatch', 401),
      };
    }
    return { ...ANONYMOUS, id: -guest.id };
  }
  return ANONYMOUS;
}

/** rest_authorization_required_code(): 401 unless WordPress sees a logged-in user. */
export function authCode(caller: Caller): number {
  return caller.loggedIn ? 403 : 401;
}

import type { Db } from '../db';
import { gmtString } from '../time';
import { FIRST_NAMES, LAST_NAMES } from './content';
import type { Prng } from './prng';

export interface SeedUser {
  id: number;
  login: string;
  role: 'administrator' | 'subscriber';
  appPassword: string;
}

// The first four match the real test site (admin, alice, bob, carol) so the same contract tests run
// against both with only the URL and passwords changed.
const FIXED = [
  { login: 'admin', name: 'Site Admin', first: '', last: '', role: 'administrator' as const },
  { login: 'alice', name: 'Alice Member', first: 'Alice', last: 'Member', role: 'subscriber' as const },
  { login: 'bob', name: 'Bob Member', first: 'Bob', last: 'Member', role: 'subscriber' as const },
  { login: 'carol', name: 'Carol Member', first: 'Carol', last: 'Member', role: 'subscriber' as const },
];

// Names a dashboard must survive: very long, hostile, right-to-left, emoji.
const ODD_NAMES = [
  'Maximilian-Alexander Christopher Bartholomew von Hohenzollern-Sigmaringen the Third of Somewhere Very Far',
  '<img src=x onerror=alert("name")>',
  'محمد عبد الله',
  '🦄 Unicorn 🌈',
  'Robert"); DROP TABLE users;--',
];

export function seedUsers(
  db: Db,
  rng: Prng,
  count: number,
  secrets: { appPassword: () => string; loginPassword: () => string },
  nowMs: number,
): SeedUser[] {
  const insert = db.prepare(
    `INSERT INTO users (id, login, nicename, display_name, first_name, last_name, email, role, registered,
     last_active, app_password, login_password, has_posts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const out: SeedUser[] = [];
  for (let id = 1; id <= count; id++) {
    const fixed = FIXED[id - 1];
    let login: string;
    let name: string;
    let first = '';
    let last = '';
    if (fixed) {
      ({ login, name, first, last } = fixed);
    } else {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
      login = `${first}${last}${id}`.toLowerCase().replace(/[^a-z0-9]/g, '');
      const odd = id - FIXED.length - 1;
      name =
        odd < ODD_NAMES.length && id % 7 === 0
          ? (ODD_NAMES[odd % ODD_NAMES.length] as string)
          : `${first} ${last}`;
    }
    const role = fixed?.role ?? 'subscriber';
    const appPassword = secrets.appPassword();
    const registered = gmtString(nowMs - rng.int(100, 1500) * 86_400_000);
    // Most members were active recently; a few never (WordPress then reports 1970-01-01).
    const lastActive = rng.chance(0.1)
      ? '1970-01-01 00:00:00'
      : gmtString(nowMs - rng.int(0, 90 * 86_400) * 1000);
    insert.run(
      id,
      login,
      login,
      name,
      first,
      last,
      `${login}@example.test`,
      role,
      registered,
      lastActive,
      appPassword,
      secrets.loginPassword(),
      id === 1 ? 1 : 0,
    );
    out.push({ id, login, role, appPassword });
  }
  return out;
}

/** Guests (positive ids here, negative in thread data). */
export function seedGuests(
  db: Db,
  rng: Prng,
  count: number,
  guestSecret: () => string,
  nowMs: number,
): number[] {
  const insert = db.prepare(
    'INSERT INTO guests (id, name, email, ip, secret, created_at, last_active) VALUES (?,?,?,?,?,?,?)',
  );
  const ids: number[] = [];
  for (let id = 1; id <= count; id++) {
    const name = id === 2 ? '<script>alert("guest")</script>' : `Guest ${rng.pick(FIRST_NAMES)}`;
    const created = nowMs - rng.int(1, 80) * 86_400_000;
    insert.run(
      id,
      name,
      rng.chance(0.5) ? `guest${id}@example.test` : '',
      `203.0.113.${rng.int(1, 254)}`,
      guestSecret(),
      Math.floor(created / 1000),
      gmtString(created),
    );
    ids.push(-id);
  }
  return ids;
}

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHandler } from './app';
import type { Ctx } from './context';
import { clearAll, getOption, openDb } from './db';
import { Stats } from './http/control';
import { FaultState } from './http/faults';
import { forgetSettings } from './model/settings';
import { formatAppPassword } from './seed/credentials';
import { seedSite } from './seed/seed';
import { SUPPORT_LOGIN } from './seed/support-inbox';

export interface DemoSiteOptions {
  port?: number;
  dataDir?: string;
  seed?: number;
  size?: string | number;
  reset?: boolean;
  /** Seeds a help desk account and its conversations (`npm run demo`), for BM Desk's support inbox. */
  supportInbox?: boolean;
}

export interface DemoSite {
  url: string;
  credentials: Record<string, string>;
  close(): Promise<void>;
}

interface UserCreds {
  id: number;
  login: string;
  app_password: string;
}

function credentialsFor(ctx: Ctx, token: string): Record<string, string> {
  const users = ctx.db
    .prepare('SELECT id, login, app_password FROM users WHERE id <= 4 ORDER BY id')
    .all() as UserCreds[];
  const out: Record<string, string> = { BM_SITE_URL: ctx.url };
  users.forEach((u, i) => {
    const n = i === 0 ? '' : String(i + 1);
    out[`BM_SITE_USER${n}`] = u.login;
    out[`BM_SITE_USER${n}_ID`] = String(u.id);
    out[`BM_SITE_APP_PASSWORD${n}`] = formatAppPassword(u.app_password);
  });
  const admin = ctx.db.prepare('SELECT login_password FROM users WHERE id = 1').get() as
    { login_password: string } | undefined;
  if (admin) out.BM_SITE_WP_LOGIN_PASSWORD = admin.login_password;
  const support = ctx.db
    .prepare('SELECT id, login, app_password FROM users WHERE login = ?')
    .get(SUPPORT_LOGIN) as UserCreds | undefined;
  if (support) {
    out.BM_SITE_SUPPORT_USER = support.login;
    out.BM_SITE_SUPPORT_USER_ID = String(support.id);
    out.BM_SITE_SUPPORT_APP_PASSWORD = formatAppPassword(support.app_password);
  }
  out.DEMO_CONTROL_TOKEN = token;
  return out;
}

/** Starts the demo site in this process (port 0 picks a free port), seeding first when the database is empty. */
export async function startDemoSite(opts: DemoSiteOptions = {}): Promise<DemoSite> {
  const dataDir = path.resolve(opts.dataDir ?? './data/demo-site');
  const seed = opts.seed ?? 1;
  const db = openDb(dataDir, opts.reset ?? false);
  const empty = !(db.prepare('SELECT 1 FROM users LIMIT 1').get() as unknown);
  const seedOptions = { supportInbox: opts.supportInbox };
  if (empty) seedSite(db, seed, opts.size, seedOptions);
  const ctx: Ctx = { db, url: '' };
  const stats = new Stats();
  const faults = new FaultState(seed);
  const token = () => getOption<string>(db, 'controlToken') ?? '';
  const reseed = () => {
    clearAll(db);
    forgetSettings(db);
    seedSite(db, seed, opts.size, seedOptions);
  };
  // Apache/PHP accept long query strings (2,000 message_ids[] is ~40 KB); Node's default header limit is 16 KB.
  const server = http.createServer(
    { maxHeaderSize: 256 * 1024 },
    createHandler(ctx, { token, faults, stats, reseed }),
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8090, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ctx.url = `http://127.0.0.1:${port}`;
  const credentials = credentialsFor(ctx, token());
  fs.writeFileSync(
    path.join(dataDir, 'credentials.env'),
    Object.entries(credentials)
      .map(([k, v]) => `${k}=${/\s/.test(v) ? `"${v}"` : v}`)
      .join('\n') + '\n',
  );
  return {
    url: ctx.url,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}

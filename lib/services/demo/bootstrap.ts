import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFirstOwner } from '@/lib/infra/auth/members';
import { dataDir } from '@/lib/infra/env';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { insertSite, listSites } from '@/lib/services/sites/queries';
import { DEMO_COLLEAGUE_EMAIL, seedDemoInbox } from './support-inbox';

const DEMO_OWNER_EMAIL = 'demo@bmdesk.local';

function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z0-9_]+=/.test(l))
      .map((l) => {
        const i = l.indexOf('=');
        return [l.slice(0, i), l.slice(i + 1).replace(/^['"]|['"]$/g, '')];
      }),
  );
}

/**
 * `npm run demo` only: on a fresh data folder, create a demo owner and connect the demo
 * site whose credentials file is named by BMDESK_DEMO_BOOTSTRAP; when that site seeded a help desk
 * account, set up the support inbox around it too. Runs in the server process,
 * which owns the embedded database. The owner's password is random, kept in data/demo-login.txt.
 */
export async function bootstrapDemo(credentialsFile: string): Promise<void> {
  const loginFile = path.join(dataDir(), 'demo-login.txt');
  const password = crypto.randomBytes(12).toString('base64url');
  const colleaguePassword = crypto.randomBytes(12).toString('base64url');
  const owner = await createFirstOwner({ name: 'Demo Owner', email: DEMO_OWNER_EMAIL, password });
  const vars = readEnvFile(credentialsFile);
  const withInbox = Boolean(vars.BM_SITE_SUPPORT_USER);
  if (owner) {
    // On PostgreSQL nothing else creates the data folder.
    fs.mkdirSync(path.dirname(loginFile), { recursive: true });
    // The owner first (two lines, as scripts read it), then the support colleague when seeded.
    const colleague = withInbox ? `${DEMO_COLLEAGUE_EMAIL}\n${colleaguePassword}\n` : '';
    fs.writeFileSync(loginFile, `${DEMO_OWNER_EMAIL}\n${password}\n${colleague}`, { mode: 0o600 });
  }

  const siteUrl = vars.BM_SITE_URL;
  if (!siteUrl || !vars.BM_SITE_USER || !vars.BM_SITE_APP_PASSWORD) {
    throw new Error(`${credentialsFile} lacks BM_SITE_URL, BM_SITE_USER or BM_SITE_APP_PASSWORD`);
  }
  if ((await listSites()).some((s) => s.url === siteUrl)) return;
  const creds = { siteUrl, username: vars.BM_SITE_USER, appPassword: vars.BM_SITE_APP_PASSWORD };
  const probe = await checkConnection(creds);
  if (probe.status !== 'ok')
    throw new Error(`the demo site did not pass the connection test: ${probe.message}`);
  const site = await insertSite({
    name: 'Demo community',
    url: siteUrl,
    username: creds.username,
    appPassword: creds.appPassword,
    probe,
  });
  if (owner && withInbox) {
    await seedDemoInbox({
      siteId: site.id,
      siteUrl,
      owner,
      colleaguePassword,
      support: {
        username: vars.BM_SITE_SUPPORT_USER!,
        bmUserId: Number(vars.BM_SITE_SUPPORT_USER_ID),
        appPassword: vars.BM_SITE_SUPPORT_APP_PASSWORD ?? '',
      },
    });
  }
}

/**
 * `npm run demo`: builds BM Desk if needed, starts the demo site (a seeded Better Messages
 * stand-in) and BM Desk on its embedded database with the demo site connected, and prints
 * where to sign in. Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const APP_PORT = process.env.PORT ?? '3000';
const SITE_PORT = process.env.DEMO_SITE_PORT ?? '8090';
const DATA = path.resolve(process.env.BMDESK_DATA_DIR ?? 'data');
const SITE_DATA = path.join(DATA, 'demo-site');
const children: ChildProcess[] = [];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  // The build next.config.mjs names: BMDESK_DIST_DIR keeps a second copy apart from `.next`.
  const buildId = path.resolve(process.env.BMDESK_DIST_DIR || '.next', 'BUILD_ID');
  const sources = Math.max(...['app', 'components', 'lib'].map((d) => newestMtime(path.resolve(d))));
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > sources) return;
  console.log('[demo] building BM Desk (a minute or two, once)…');
  const r = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function waitFor(url: string, what: string, seconds: number) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer at ${url} within ${seconds} s`);
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code) => {
    console.error(`[demo] a process stopped (exit ${code}); stopping the demo`);
    shutdown(code ?? 1);
  });
  return child;
}

function shutdown(code: number) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}

async function main() {
  buildIfStale();
  fs.mkdirSync(SITE_DATA, { recursive: true });
  console.log('[demo] starting the demo site (seeding on first run)…');
  // The help desk account and its conversations fill BM Desk's support inbox on first run.
  start([
    require.resolve('tsx/cli'),
    'demo-site/server.ts',
    '--port',
    SITE_PORT,
    '--data-dir',
    SITE_DATA,
    '--support-inbox',
  ]);
  await waitFor(`http://127.0.0.1:${SITE_PORT}/wp-json/`, 'the demo site', 600);

  start([require.resolve('next/dist/bin/next'), 'start', '-p', APP_PORT], {
    BMDESK_DATA_DIR: DATA,
    BMDESK_DEMO_BOOTSTRAP: path.join(SITE_DATA, 'credentials.env'),
  });
  await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, 'BM Desk', 120);
  const login = fs.readFileSync(path.join(DATA, 'demo-login.txt'), 'utf8').trim().split('\n');
  console.log(`
  BM Desk is running with the demo site connected.

    Open       http://localhost:${APP_PORT}
    Email      ${login[0]}
    Password   ${login[1]}${login[2] ? `\n    Support    ${login[2]} / ${login[3]} (a support team member)` : ''}

  Demo site (Better Messages stand-in): http://127.0.0.1:${SITE_PORT}
  Data: ${DATA} (delete it to start over). Ctrl-C stops both.
`);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
main().catch((err) => {
  console.error(`[demo] ${(err as Error).message}`);
  shutdown(1);
});

/**
 * Starts the production build for the e2e suite on a fresh embedded database, and keeps
 * everything the server prints in data/e2e/server.log (or $E2E_DATA_DIR) so tests can search it for secrets.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const port = process.argv[2] ?? '3100';
// The real-site walk runs its own app beside the demo suite's: E2E_DATA_DIR keeps them apart.
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'data/e2e');
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
const log = fs.createWriteStream(path.join(dataDir, 'server.log'));

const child = spawn(
  process.execPath,
  [require.resolve('next/dist/bin/next'), 'start', '-p', port, '-H', '127.0.0.1'],
  {
    // Sites read every 3 s rather than 15: the suite waits for the sync in many places.
    env: {
      ...process.env,
      BMDESK_DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      BMDESK_SYNC_INTERVAL_SECONDS: process.env.BMDESK_SYNC_INTERVAL_SECONDS ?? '3',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk: Buffer) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));

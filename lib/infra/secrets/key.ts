import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, decodeKey, env } from '@/lib/infra/env';

let cached: Buffer | undefined;

/**
 * The key that seals application passwords. From BMDESK_SECRET_KEY when set; otherwise,
 * in the embedded default, generated once into <data>/secret.key (mode 0600). With
 * PostgreSQL every process must share one key, so the variable is required there.
 */
export function sealingKey(): Buffer {
  if (cached) return cached;
  const fromEnv = env().BMDESK_SECRET_KEY;
  if (fromEnv) return (cached = decodeKey(fromEnv)!);
  if (env().DATABASE_URL) {
    throw new Error(
      'BMDESK_SECRET_KEY must be set when DATABASE_URL is set (every process must seal with one key). ' +
        'Generate one with: openssl rand -hex 32',
    );
  }
  const dir = dataDir();
  if (dir.startsWith('memory://')) return (cached = crypto.randomBytes(32));
  const file = path.join(dir, 'secret.key');
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = decodeKey(fs.readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte hex key; remove it to generate a new one`);
  return (cached = key);
}

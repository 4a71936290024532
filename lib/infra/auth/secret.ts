import 'server-only';
import crypto from 'node:crypto';
import { env } from '@/lib/infra/env';
import { sealingKey } from '@/lib/infra/secrets/key';

/**
 * The key that signs session tokens: AUTH_SECRET when set, otherwise derived from the
 * sealing key, so the embedded default needs no second secret to manage.
 */
export function authSecret(): string {
  const explicit = env().AUTH_SECRET;
  if (explicit) return explicit;
  const derived = crypto.hkdfSync('sha256', sealingKey(), Buffer.alloc(0), 'bmdesk:auth-jwt', 32);
  return Buffer.from(derived).toString('base64url');
}

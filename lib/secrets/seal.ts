import crypto from 'node:crypto';
import { sealingKey } from './key';

const VERSION = 'v1';
// Binds a sealed value to its purpose, so a sealed password cannot be replayed elsewhere.
const AAD = Buffer.from('bmdesk:site-application-password');

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function seal(plaintext: string, key: Buffer = sealingKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function unseal(sealed: string, key: Buffer = sealingKey()): string {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) {
    throw new Error('stored application password is not in a known sealed format');
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'stored application password cannot be unsealed: BMDESK_SECRET_KEY changed or the row was altered',
    );
  }
}

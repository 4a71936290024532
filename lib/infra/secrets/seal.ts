import 'server-only';
import crypto from 'node:crypto';
import { sealingKey } from './key';

const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const LEGACY_AAD = Buffer.from('bmdesk:site-application-password');

/**
 * What a sealed value is bound to. The origin (scheme, host, port) of the site it was entered for
 * is part of the associated data, so a row whose address was changed cannot be unsealed: a stored
 * password can never be sent anywhere but where it was typed for.
 */
export type SealBinding = {
  purpose:
    'site-application-password' | 'support-account-password' | 'alert-webhook-secret' | 'alert-mail-password';
  origin: string;
};

/** The origin a password is bound to: scheme, host and port of the site's address. */
function sealOrigin(siteUrl: string): string {
  return new URL(siteUrl).origin;
}

function aad(binding: SealBinding): Buffer {
  return Buffer.from(`bmdesk:${binding.purpose}:${sealOrigin(binding.origin)}`);
}

/** AES-256-GCM: `v2.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function seal(plaintext: string, binding: SealBinding, key: Buffer = sealingKey()): string {
  return sealWith(plaintext, VERSION, aad(binding), key);
}

export function unseal(sealed: string, binding: SealBinding, key: Buffer = sealingKey()): string {
  return unsealWith(sealed, VERSION, aad(binding), key);
}

/** True for a value sealed before passwords were bound to their origin. */
export function isLegacySeal(sealed: string): boolean {
  return sealed.startsWith(`${LEGACY_VERSION}.`);
}

/**
 * Re-seals a value from before origin binding, bound to the origin its row has now. Only the
 * one-time upgrade at start calls this; `unseal` never accepts the old format.
 */
export function rebindLegacySeal(sealed: string, binding: SealBinding, key: Buffer = sealingKey()): string {
  return seal(unsealWith(sealed, LEGACY_VERSION, LEGACY_AAD, key), binding, key);
}

function sealWith(plaintext: string, version: string, data: Buffer, key: Buffer): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(data);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [version, iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

function unsealWith(sealed: string, expected: string, data: Buffer, key: Buffer): string {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== expected || !iv || !tag || ct === undefined) {
    throw new Error('stored application password is not in a known sealed format');
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(data);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'stored application password cannot be unsealed: BMDESK_SECRET_KEY changed, or the row or its site address was altered',
    );
  }
}

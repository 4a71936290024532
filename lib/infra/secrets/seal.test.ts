import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLegacySeal, rebindLegacySeal, seal, unseal, type SealBinding } from './seal';

const key = crypto.randomBytes(32);
const site: SealBinding = { purpose: 'site-application-password', origin: 'https://example.org' };

describe('sealing application passwords', () => {
  it('round-trips and never contains the plaintext', () => {
    const password = 'abcd EFGH ijkl MNOP qrst UVWX';
    const sealed = seal(password, site, key);
    expect(sealed).not.toContain(password);
    expect(sealed).not.toContain(password.replace(/ /g, ''));
    expect(sealed).not.toContain(Buffer.from(password).toString('base64'));
    expect(unseal(sealed, site, key)).toBe(password);
  });

  it('uses a fresh nonce each time', () => {
    expect(seal('same', site, key)).not.toBe(seal('same', site, key));
  });

  it('refuses a value sealed under another key or altered', () => {
    const sealed = seal('secret', site, key);
    expect(() => unseal(sealed, site, crypto.randomBytes(32))).toThrow(/cannot be unsealed/);
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => unseal(parts.join('.'), site, key)).toThrow(/cannot be unsealed/);
    expect(() => unseal('plaintext-password', site, key)).toThrow(/not in a known sealed format/);
  });

  it('is bound to the origin it was entered for: another host, scheme or port cannot unseal it', () => {
    const sealed = seal('secret', { ...site, origin: 'https://example.org/blog' }, key);
    // The same origin under another path is the same site.
    expect(unseal(sealed, { ...site, origin: 'https://example.org/' }, key)).toBe('secret');
    for (const origin of ['https://attacker.example', 'http://example.org', 'https://example.org:8443']) {
      expect(() => unseal(sealed, { ...site, origin }, key)).toThrow(/cannot be unsealed/);
    }
  });

  it('is bound to its purpose: a support account password is not a site password', () => {
    const sealed = seal('secret', site, key);
    expect(() => unseal(sealed, { ...site, purpose: 'support-account-password' }, key)).toThrow(
      /cannot be unsealed/,
    );
  });

  it('never unseals the old unbound format directly; the start-up upgrade rebinds it', () => {
    // A value as the previous version sealed it: AAD without any origin.
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from('bmdesk:site-application-password'));
    const ct = Buffer.concat([cipher.update('old secret', 'utf8'), cipher.final()]);
    const legacy = ['v1', iv, cipher.getAuthTag(), ct]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
    expect(isLegacySeal(legacy)).toBe(true);
    expect(() => unseal(legacy, site, key)).toThrow(/not in a known sealed format/);
    const rebound = rebindLegacySeal(legacy, site, key);
    expect(isLegacySeal(rebound)).toBe(false);
    expect(unseal(rebound, site, key)).toBe('old secret');
  });
});

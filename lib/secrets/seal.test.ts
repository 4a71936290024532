import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal } from './seal';

const key = crypto.randomBytes(32);

describe('sealing application passwords', () => {
  it('round-trips and never contains the plaintext', () => {
    const password = 'abcd EFGH ijkl MNOP qrst UVWX';
    const sealed = seal(password, key);
    expect(sealed).not.toContain(password);
    expect(sealed).not.toContain(password.replace(/ /g, ''));
    expect(sealed).not.toContain(Buffer.from(password).toString('base64'));
    expect(unseal(sealed, key)).toBe(password);
  });

  it('uses a fresh nonce each time', () => {
    expect(seal('same', key)).not.toBe(seal('same', key));
  });

  it('refuses a value sealed under another key or altered', () => {
    const sealed = seal('secret', key);
    expect(() => unseal(sealed, crypto.randomBytes(32))).toThrow(/cannot be unsealed/);
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => unseal(parts.join('.'), key)).toThrow(/cannot be unsealed/);
    expect(() => unseal('plaintext-password', key)).toThrow(/not in a known sealed format/);
  });
});

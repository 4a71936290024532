/**
 * Databases from before origin binding hold unbound sealed passwords. The start-up upgrade binds
 * each to the origin its row has then; afterwards only bound values are accepted.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { sites } from '@/lib/infra/db/schema';
import { isLegacySeal, unseal } from '@/lib/infra/secrets/seal';
import { sealingKey } from '@/lib/infra/secrets/key';
import { supportAccounts } from '@/lib/services/triage/schema';
import { rebindLegacySupportPasswords } from '@/lib/services/triage/support-accounts';
import { openSite } from './open-site';
import { rebindLegacySitePasswords, siteBinding } from './queries';

/** A value sealed as the previous version did: no origin in its associated data. */
function legacySeal(plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealingKey(), iv);
  cipher.setAAD(Buffer.from('bmdesk:site-application-password'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

it('binds legacy site and support passwords to their origin, once', async () => {
  const db = await getDb();
  const [site] = await db
    .insert(sites)
    .values({
      slug: `legacy-${Date.now()}`,
      name: 'Legacy',
      url: 'https://legacy.example',
      username: 'admin',
      sealedPassword: legacySeal('site secret'),
    })
    .returning({ id: sites.id });
  const [account] = await db
    .insert(supportAccounts)
    .values({
      siteId: site!.id,
      bmUserId: 7,
      username: 'help',
      name: 'Help',
      sealedPassword: legacySeal('support secret'),
    })
    .returning({ id: supportAccounts.id });

  await expect(openSite(site!.id)).rejects.toThrow(/not in a known sealed format/);
  expect(await rebindLegacySitePasswords()).toBeGreaterThanOrEqual(1);
  expect(await rebindLegacySupportPasswords()).toBeGreaterThanOrEqual(1);
  expect((await openSite(site!.id)).url).toBe('https://legacy.example');
  const [siteRow] = await db.select().from(sites).where(eq(sites.id, site!.id));
  expect(unseal(siteRow!.sealedPassword, siteBinding('https://legacy.example'))).toBe('site secret');
  const [row] = await db.select().from(supportAccounts).where(eq(supportAccounts.id, account!.id));
  expect(isLegacySeal(row!.sealedPassword!)).toBe(false);
  expect(
    unseal(row!.sealedPassword!, { purpose: 'support-account-password', origin: 'https://legacy.example' }),
  ).toBe('support secret');
  // Nothing left to do the second time.
  expect(await rebindLegacySitePasswords()).toBe(0);
  expect(await rebindLegacySupportPasswords()).toBe(0);
});

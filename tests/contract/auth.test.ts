import { describe, expect, it } from 'vitest';
import { getAdminMessages, probeSite } from '@/lib/infra/better-messages';
import { expectApiError } from './support/errors';
import { clientFor, site, user2 } from './support/site';

const wrongPassword = { ...site.admin, appPassword: 'abcd efgh ijkl mnop qrst uvwx' };

describe('authentication and roles', () => {
  it('refuses a wrong application password with 401 and an auth error', async () => {
    const error = await expectApiError(getAdminMessages(clientFor(wrongPassword)), {
      status: 401,
      code: 'rest_forbidden',
      kind: 'auth',
    });
    expect(error.message).not.toContain(wrongPassword.appPassword);
  });

  it('refuses a subscriber on an admin route with 403 rest_forbidden', async () => {
    await expectApiError(getAdminMessages(user2), { status: 403, code: 'rest_forbidden', kind: 'auth' });
  });

  it('probes the admin as ok, with the moderation modules', async () => {
    const result = await probeSite({
      siteUrl: site.url,
      username: site.admin.login,
      appPassword: site.admin.appPassword,
    });
    if (!result.ok) throw new Error(`probe failed: ${result.reason} ${result.message}`);
    expect(result.wpUser.id).toBe(site.admin.bmUserId);
    expect(result.wpUser.roles).toContain('administrator');
    expect(result.restMode).toBe('pretty');
    expect(result.modules).toMatchObject({ messagesViewer: true, premoderation: true, attachments: true });
    expect(typeof result.modules.reports).toBe('boolean');
  });

  it('probes a wrong password as bad-credentials and a subscriber as not-admin', async () => {
    const probe = (account: typeof site.admin) =>
      probeSite({ siteUrl: site.url, username: account.login, appPassword: account.appPassword });
    expect(await probe(wrongPassword)).toMatchObject({ ok: false, reason: 'bad-credentials' });
    expect(await probe(site.user2)).toMatchObject({ ok: false, reason: 'not-admin' });
  });

  it.runIf(site.adminLoginPassword !== null)('refuses the login password over Basic auth', async () => {
    const login = { ...site.admin, appPassword: site.adminLoginPassword ?? '' };
    await expectApiError(getAdminMessages(clientFor(login)), {
      status: 401,
      code: 'rest_forbidden',
      kind: 'auth',
    });
    const result = await probeSite({
      siteUrl: site.url,
      username: login.login,
      appPassword: login.appPassword,
    });
    expect(result).toMatchObject({ ok: false, reason: 'bad-credentials' });
  });
});

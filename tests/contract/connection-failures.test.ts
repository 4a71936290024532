/**
 * "Test connection" on the ways a real site goes wrong: each failure gets its own reason and words
 * (what the site form shows). On the real plugin the site itself is put in each state and put back:
 * Better Messages deactivated through the plugins REST route, the PHP server stopped and started
 * again. The demo site has no plugins route and cannot be stopped from here, so those two run only
 * against the real plugin.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getSettings, PROBE_MESSAGES, saveSettings } from '@/lib/infra/better-messages';
import { checkConnection } from '@/lib/services/sites/check-connection';
import { admin, isDemo, site } from './support/site';
import type { SiteAccount } from './support/site-info';

const PLUGIN = 'bp-better-messages/bp-better-messages';
const startScript = process.env.BM_REAL_SITE_START ?? path.resolve('../shared/real-site/start');

const check = (account: SiteAccount, appPassword = account.appPassword) =>
  checkConnection({ siteUrl: site.url, username: account.login, appPassword });

/** The WordPress plugins route, as the administrator (core REST, not the plugin's). */
async function setPluginStatus(status: 'active' | 'inactive') {
  const basic = Buffer.from(`${site.admin.login}:${site.admin.appPassword}`).toString('base64');
  const res = await fetch(`${site.url}/wp-json/wp/v2/plugins/${PLUGIN}`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
  const body = (await res.json()) as { status?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.status).toBe(status);
}

async function namespaces(): Promise<string[]> {
  const res = await fetch(`${site.url}/wp-json/`);
  return ((await res.json()) as { namespaces: string[] }).namespaces;
}

function runSiteScript(name: 'start' | 'stop') {
  const script = path.join(path.dirname(startScript), name);
  // Never print stdout: start prints the passwords.
  const result = spawnSync(script, [], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`real-site ${name} failed: ${result.stderr}`);
}

describe('test connection on real failure modes', () => {
  it('a working administrator connects and sees the modules', async () => {
    const result = await check(site.admin);
    expect(result).toMatchObject({ status: 'ok', reason: null });
    expect(result.modules).toMatchObject({ messagesViewer: true, reports: true, premoderation: true });
  });

  it('a wrong application password: bad-credentials, pointing at application passwords', async () => {
    const result = await check(site.admin, 'abcd efgh ijkl mnop qrst uvwx');
    expect(result).toEqual({
      status: 'error',
      reason: 'bad-credentials',
      message: PROBE_MESSAGES['bad-credentials'],
    });
    expect(result.message).toContain('Application Passwords');
  });

  it.runIf(site.adminLoginPassword !== null)('the login password instead: the same words', async () => {
    const result = await check(site.admin, site.adminLoginPassword ?? '');
    expect(result).toMatchObject({ status: 'error', reason: 'bad-credentials' });
    expect(result.message).toContain('not the login password');
  });

  it("a subscriber's application password: not-admin", async () => {
    expect(await check(site.user2)).toEqual({
      status: 'error',
      reason: 'not-admin',
      message: PROBE_MESSAGES['not-admin'],
    });
  });

  describe('a site whose reports module is off', () => {
    let before: string | undefined;
    afterAll(async () => {
      if (before !== undefined) await saveSettings(admin, { allowReports: before });
      expect((await check(site.admin)).modules?.reports).toBe(before === '1');
    });

    it('connects, with reports off and the rest on', async () => {
      before = String((await getSettings(admin)).settings.allowReports);
      await saveSettings(admin, { allowReports: '0' });
      const result = await check(site.admin);
      expect(result.status).toBe('ok');
      expect(result.modules).toMatchObject({ reports: false, messagesViewer: true, premoderation: true });
    });
  });

  describe.runIf(!isDemo)('a WordPress whose Better Messages is deactivated', () => {
    afterAll(async () => {
      await setPluginStatus('active');
      expect(await namespaces()).toContain('better-messages/v1');
      expect((await check(site.admin)).status).toBe('ok');
    });

    it('plugin-missing, saying to activate Better Messages', async () => {
      await setPluginStatus('inactive');
      expect(await namespaces()).not.toContain('better-messages/v1');
      expect(await check(site.admin)).toEqual({
        status: 'error',
        reason: 'plugin-missing',
        message: PROBE_MESSAGES['plugin-missing'],
      });
    });
  });

  describe.runIf(!isDemo)('a stopped site', () => {
    afterAll(async () => {
      runSiteScript('start');
      expect((await check(site.admin)).status).toBe('ok');
    });

    it('unreachable, saying nothing listens there', async () => {
      runSiteScript('stop');
      const result = await check(site.admin);
      expect(result).toMatchObject({ status: 'error', reason: 'unreachable' });
      expect(result.message).toContain('refused the connection');
      expect(result.message).toContain(new URL(site.url).origin);
    });
  });
});

/**
 * Chooses the site the contract suite runs against. `BM_SITE_URL` set: that site, as is (the real
 * plugin, or a demo site started by hand, recognised by `DEMO_CONTROL_TOKEN`). Otherwise a fresh
 * small demo site in a temp dir. globalSetup runs outside the test workers, so the site travels
 * to them through `provide`/`inject`, not process.env.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDemoSite } from '../../demo-site/index';
import type { ContractSite, SiteAccount } from './support/site-info';

function account(env: Record<string, string | undefined>, n: '' | '2' | '3' | '4'): SiteAccount {
  const read = (name: string) => {
    const value = env[name];
    if (!value)
      throw new Error(`Contract tests need ${name} (with BM_SITE_URL set, give all BM_SITE_* variables).`);
    return value;
  };
  return {
    login: read(`BM_SITE_USER${n}`),
    appPassword: read(`BM_SITE_APP_PASSWORD${n}`),
    bmUserId: Number(read(`BM_SITE_USER${n}_ID`)),
  };
}

function siteFrom(env: Record<string, string | undefined>): ContractSite {
  return {
    url: env.BM_SITE_URL ?? '',
    admin: account(env, ''),
    user2: account(env, '2'),
    user3: account(env, '3'),
    user4: account(env, '4'),
    adminLoginPassword: env.BM_SITE_WP_LOGIN_PASSWORD || null,
    controlToken: env.DEMO_CONTROL_TOKEN || null,
  };
}

export default async function setup(project: TestProject) {
  if (process.env.BM_SITE_URL) {
    project.provide('contractSite', siteFrom(process.env));
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-contract-demo-'));
  const demo = await startDemoSite({ port: 0, dataDir, seed: 1, size: 'small', reset: true });
  project.provide('contractSite', siteFrom(demo.credentials));
  return async () => {
    await demo.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

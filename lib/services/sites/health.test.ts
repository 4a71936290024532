/**
 * One truth about a site's health (issue 21, first impressions): a revoked application password
 * that the sync meets makes the site "failing" everywhere, even though the last connection check
 * said "connected"; a check that passes after the refusal makes it connected again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/infra/db/client';
import { readState } from '@/lib/services/site-index/sync/context';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import {
  clientAs,
  connectSite,
  control,
  startTestSite,
  stopTestSite,
  waitFor,
} from '@/tests/support/site-index';
import { checkConnection } from './check-connection';
import { siteHealth, type ProbeFacts, type SyncFacts } from './health';
import { saveProbe } from './queries';
import { getSiteHealth, getSiteHealths } from './site-health';

const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
const checkedOk: ProbeFacts = { status: 'ok', statusMessage: null, checkedAt: at('10:00') };
const refused: SyncFacts = {
  status: 'error',
  lastErrorKind: 'auth',
  lastError: 'WordPress refused the username or application password.',
  lastErrorAt: at('10:05'),
};

describe('siteHealth', () => {
  it('is connected when the check passed and the sync has no refusal', () => {
    expect(siteHealth(checkedOk, null)).toMatchObject({ state: 'connected', source: 'check' });
    expect(siteHealth(checkedOk, { ...refused, status: 'idle' }).state).toBe('connected');
  });

  it('is failing when the sync is refused after the last check, whatever the check said', () => {
    expect(siteHealth(checkedOk, refused)).toEqual({
      state: 'failing',
      reason: refused.lastError,
      source: 'sync',
      at: at('10:05'),
    });
    expect(siteHealth(checkedOk, { ...refused, status: 'backing-off' }).state).toBe('failing');
  });

  it('other sync troubles (a slow or unreachable site) are the index card’s, not the connection’s', () => {
    expect(siteHealth(checkedOk, { ...refused, status: 'backing-off', lastErrorKind: 'timeout' }).state).toBe(
      'connected',
    );
  });

  it('a check that passes after the refusal wins; one that fails says its own words', () => {
    expect(siteHealth({ ...checkedOk, checkedAt: at('10:06') }, refused).state).toBe('connected');
    expect(
      siteHealth(
        { status: 'error', statusMessage: 'Nothing is listening there.', checkedAt: at('10:06') },
        null,
      ),
    ).toMatchObject({ state: 'failing', reason: 'Nothing is listening there.', source: 'check' });
    expect(siteHealth({ status: 'unknown', statusMessage: null, checkedAt: null }, null).state).toBe(
      'unchecked',
    );
  });
});

describe('a revoked application password, over real HTTP', () => {
  let t: Awaited<ReturnType<typeof startTestSite>>;
  beforeAll(async () => {
    t = await startTestSite();
  });
  afterAll(async () => {
    await control(t.site, null);
    await stopTestSite(t);
  });

  it('the sync’s refusal makes the site failing on every page; a passing re-check connects it again', async () => {
    const { siteId } = await connectSite(t.site);
    expect((await getSiteHealth(siteId)).state).toBe('connected');

    await control(t.site, { revokePassword: t.site.credentials.BM_SITE_USER });
    const db = await getDb();
    const syncer = new SiteSyncer({
      db,
      siteId,
      client: clientAs(t.site, '', { maxRetries: 0 }),
      options: { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 60_000, tickMs: 50 },
    });
    syncer.start();
    try {
      await waitFor(
        'the refusal recorded',
        async () => (await readState(db, siteId)).lastErrorKind === 'auth',
      );
    } finally {
      await syncer.stop();
    }
    const failing = await getSiteHealth(siteId);
    expect(failing).toMatchObject({ state: 'failing', source: 'sync' });
    expect(failing.reason).toMatch(/did not accept the username/);
    // The list the sites page and the sidebar read agrees with the overview's.
    expect((await getSiteHealths()).get(siteId)).toEqual(failing);

    await control(t.site, null);
    const creds = {
      siteUrl: t.site.url,
      username: t.site.credentials.BM_SITE_USER!,
      appPassword: t.site.credentials.BM_SITE_APP_PASSWORD!,
    };
    await saveProbe(siteId, await checkConnection(creds));
    expect((await getSiteHealth(siteId)).state).toBe('connected');
  });
});

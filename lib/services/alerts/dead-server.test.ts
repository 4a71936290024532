/**
 * A mail server that accepts connections and never answers, and a webhook that never answers,
 * while the alert loops run: a sync pass against the demo site takes no longer than without
 * them, and raising an alert (what a rule does inside the sync) stays a few database writes.
 */
import net, { type AddressInfo } from 'node:net';
import http from 'node:http';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '@/lib/infra/auth/members';
import { getDb } from '@/lib/infra/db/client';
import { readState } from '@/lib/services/site-index/sync/context';
import { SiteSyncer } from '@/lib/services/site-index/sync/site-syncer';
import {
  backfillFinished,
  clientAs,
  connectSite,
  startTestSite,
  stopTestSite,
  waitFor,
} from '@/tests/support/site-index';
import { startAlertLoops } from './loops';
import { raiseAlert } from './raise';
import { alertDeliveries } from './schema';
import { saveAlertPrefs, saveMailSettings, saveWebhook } from './settings';

let t: Awaited<ReturnType<typeof startTestSite>>;
let blackhole: net.Server;
let silentHook: http.Server;
const held: net.Socket[] = [];
const TIMEOUT_MS = 4_000;

beforeAll(async () => {
  t = await startTestSite();
  blackhole = net.createServer((s) => held.push(s));
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  silentHook = http.createServer(() => undefined); // reads the request, never answers
  await new Promise<void>((r) => silentHook.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  held.forEach((s) => s.destroy());
  silentHook.closeAllConnections();
  await new Promise((r) => blackhole.close(r));
  await new Promise((r) => silentHook.close(r));
  await stopTestSite(t);
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The loops deliver every pending alert of the database and the mail server is one for the desk:
// on the shared PostgreSQL of test:pg they would take other files' deliveries. PGlite only.
describe.skipIf(Boolean(process.env.DATABASE_URL))('a dead mail server and webhook', () => {
  it('do not slow a sync pass, nor raising an alert', async () => {
    const { siteId } = await connectSite(t.site);
    const db = await getDb();
    const syncer = new SiteSyncer({
      db,
      siteId,
      client: clientAs(t.site, '', { maxRetries: 0 }),
      options: { backoffBaseMs: 100, backoffMaxMs: 400, authBackoffMs: 300, tickMs: 50 },
    });
    syncer.start();
    try {
      await waitFor('backfill', () => backfillFinished(siteId), 60_000);
      const pass = async () => {
        const before = (await readState(db, siteId)).lastIncrementalAt;
        const started = performance.now();
        syncer.poke();
        await waitFor('incremental pass', async () => {
          const now = (await readState(db, siteId)).lastIncrementalAt;
          return now !== null && (before === null || now > before);
        });
        return performance.now() - started;
      };
      await pass(); // warm
      const quiet: number[] = [];
      for (let i = 0; i < 5; i++) quiet.push(await pass());

      // E-mail to a server that never greets, a webhook that never answers; the loops run.
      const member = await createMember({
        email: `dead-${Date.now()}@t.test`,
        name: 'Dee Dead',
        password: 'x'.repeat(14),
        role: 'admin',
      });
      await saveAlertPrefs(member.id, { inApp: true, email: true, digestMinutes: 0 });
      await saveMailSettings({
        host: '127.0.0.1',
        port: (blackhole.address() as AddressInfo).port,
        secure: false,
        username: null,
        password: undefined,
        fromAddress: 'alerts@bmdesk.test',
      });
      await saveWebhook(
        siteId,
        `http://127.0.0.1:${(silentHook.address() as AddressInfo).port}/`,
        'a-secret-of-16-chars',
      );
      const loops = startAlertLoops({
        detectEveryMs: 500,
        deliverEveryMs: 50,
        deliver: { timeoutMs: TIMEOUT_MS, backoffBaseMs: 10, webhookGapMs: 0, maxAttempts: 100 },
      });
      try {
        const raised: number[] = [];
        const raiseTimes: number[] = [];
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          raised.push((await raiseAlert({ siteId, kind: 'rule', key: `dead-${i}`, title: `Dead ${i}` })).id);
          raiseTimes.push(performance.now() - started);
        }
        // A delivery is in flight (held by the dead server) before the passes are timed.
        await waitFor('a delivery in flight', async () => held.length > 0, 10_000);
        const busy: number[] = [];
        for (let i = 0; i < 5; i++) busy.push(await pass());
        console.log(
          `[dead-server] sync pass median ${median(quiet).toFixed(0)} ms quiet, ${median(busy).toFixed(0)} ms with a dead SMTP server and webhook; raiseAlert max ${Math.max(...raiseTimes).toFixed(0)} ms`,
        );
        expect(median(busy)).toBeLessThan(median(quiet) * 2 + 250);
        expect(Math.max(...busy)).toBeLessThan(TIMEOUT_MS);
        expect(Math.max(...raiseTimes)).toBeLessThan(1_000);

        // And the deliveries did fail at the timeout, to be retried.
        await waitFor(
          'a timed-out attempt',
          async () => {
            const rows = await db
              .select()
              .from(alertDeliveries)
              .where(inArray(alertDeliveries.alertId, raised));
            return rows.some(
              (r) => r.attempts >= 1 && r.status === 'pending' && /time/i.test(r.lastError ?? ''),
            );
          },
          TIMEOUT_MS * 4,
        );
      } finally {
        loops.stop();
        await db
          .update(alertDeliveries)
          .set({ status: 'failed' })
          .where(eq(alertDeliveries.status, 'pending'));
      }
    } finally {
      await syncer.stop();
    }
  }, 120_000);
});

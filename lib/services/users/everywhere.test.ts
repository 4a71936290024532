import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BmApiError, type BmClient } from '@/lib/infra/better-messages';
import { getDb } from '@/lib/infra/db/client';
import { auditLog, auditOutcomes } from '@/lib/infra/db/schema';
import { insertSite } from '@/lib/services/sites/queries';
import { SiteLimiter } from '@/lib/services/sites/site-limiter';
import { getRecordedRestrictionsOfUser } from '@/lib/services/threads/restrictions';
import { restrictEverywhere } from './everywhere';

/** A site that answers each thread call after a while, refusing one thread. */
function fakeSite(refuse: number) {
  let inFlight = 0;
  let peak = 0;
  const calls: string[] = [];
  const client = {
    siteRoot: 'http://site.test',
    origin: 'http://site.test',
    siteUtcOffsetMinutes: 0,
    restMode: 'pretty',
    async request(req: { route: string }) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      calls.push(req.route);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (req.route.includes(`/thread/${refuse}/`)) {
        throw new BmApiError('http', 'The site refused: you are not allowed to do that.', {
          route: req.route,
          status: 403,
          code: 'rest_forbidden',
          siteMessage: 'Sorry, you are not allowed to do that',
        });
      }
      return false;
    },
    fetchSitePage: async () => ({ status: 200, contentType: 'text/html', link: '', text: '' }),
  } as unknown as BmClient;
  return { client, calls, peak: () => peak };
}

describe('restrictEverywhere', () => {
  it('calls each thread once, never more at once than the limit, and audits each thread', async () => {
    const { id: siteId } = await insertSite({
      name: 'Everywhere test',
      url: 'http://site.test',
      username: 'admin',
      appPassword: 'abcd efgh ijkl mnop qrst uvwx',
      probe: { status: 'ok', reason: null, message: null },
    });
    const site = fakeSite(7);
    const limiter = new SiteLimiter(3);
    const threadIds = Array.from({ length: 20 }, (_, i) => i + 1);
    const results = await restrictEverywhere(
      { siteId, bmUserId: -42, threadIds: [...threadIds, 3], kind: 'ban', duration: 60, reason: 'test' },
      { member: null, job: 'banUserEverywhere', client: site.client, limiter },
    );

    expect(results.map((r) => r.threadId)).toEqual(threadIds);
    expect(results.filter((r) => !r.ok)).toEqual([
      { threadId: 7, ok: false, code: 'rest_forbidden', error: expect.any(String) },
    ]);
    expect(site.calls).toHaveLength(20);
    expect(site.peak()).toBe(3);
    expect(limiter.peak).toBe(3);

    const db = await getDb();
    const rows = await db
      .select({ target: auditLog.target, params: auditLog.params, outcome: auditOutcomes.outcome })
      .from(auditLog)
      .innerJoin(auditOutcomes, eq(auditOutcomes.auditId, auditLog.id))
      .where(and(eq(auditLog.siteId, siteId), inArray(auditLog.action, ['banUserInThread'])));
    expect(rows).toHaveLength(20);
    expect(rows.find((r) => r.target?.threadId === 7)?.outcome).toBe('refused');
    expect(rows.filter((r) => r.outcome === 'ok')).toHaveLength(19);
    expect(rows[0]?.params).toMatchObject({ duration: 60, reason: 'test', job: 'banUserEverywhere' });

    // The thread pages and the person's page see the bans the job made.
    const recorded = await getRecordedRestrictionsOfUser(siteId, -42);
    expect(recorded.map((r) => r.threadId).sort((a, b) => a - b)).toEqual(threadIds.filter((t) => t !== 7));

    await restrictEverywhere(
      { siteId, bmUserId: -42, threadIds, kind: 'unban' },
      { member: null, job: 'unbanUserEverywhere', client: site.client, limiter },
    );
    expect(await getRecordedRestrictionsOfUser(siteId, -42)).toEqual([]);
  });
});
